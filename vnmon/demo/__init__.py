"""The offline demo (`vnmon demo`) and the news world it crawls, which the tests crawl too."""
