package vnmon.eslocal;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

import java.io.Reader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The `html_strip` char filter and the `elision` and `snowball` token filters, with stock ES's parameters. */
final class MarkupAndElision {
    private MarkupAndElision() {}

    /** `html_strip` with `escaped_tags`. */
    static final class HtmlStrip extends AbstractCharFilterFactory {
        private final Set<String> escapedTags;

        HtmlStrip(String name, Settings settings) {
            super(name);
            List<String> tags = settings.getAsList("escaped_tags");
            this.escapedTags = tags.isEmpty() ? null : Set.copyOf(new HashSet<>(tags));
        }

        @Override
        public Reader create(Reader reader) {
            return escapedTags == null ? new HTMLStripCharFilter(reader) : new HTMLStripCharFilter(reader, escapedTags);
        }
    }

    /** `elision` with `articles`/`articles_path`/`articles_case`; French articles by default, as in ES. */
    static final class Elision extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final CharArraySet articles;

        Elision(Environment env, String name, Settings settings) {
            super(name);
            CharArraySet parsed = Analysis.parseArticles(env, settings);
            this.articles = parsed == null ? FrenchAnalyzer.DEFAULT_ARTICLES : parsed;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new ElisionFilter(tokenStream, articles);
        }
    }

    /** `snowball` with `language` (default English). */
    static final class Snowball extends AbstractTokenFilterFactory {
        private final String language;

        Snowball(String name, Settings settings) {
            super(name);
            this.language = settings.get("language", "English");
            try {
                Class.forName("org.tartarus.snowball.ext." + language + "Stemmer");
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("snowball: unknown language [" + language + "]");
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new SnowballFilter(tokenStream, language);
        }
    }
}
