"""The shared kernel: settings, errors, the article model, lexicon, WARC reading; imports no other room."""
