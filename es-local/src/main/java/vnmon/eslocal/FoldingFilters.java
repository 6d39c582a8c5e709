package vnmon.eslocal;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

import java.util.Locale;

/** The `asciifolding` and `lowercase` token filter types, with the parameters stock ES accepts. */
final class FoldingFilters {
    private FoldingFilters() {}

    /** `asciifolding` with `preserve_original`. */
    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(String name, Settings settings) {
            super(name);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new ASCIIFoldingFilter(tokenStream, preserveOriginal);
        }
    }

    /** `lowercase` with the optional `language` (greek, irish, turkish). */
    static final class Lowercase extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final String language;

        Lowercase(String name, Settings settings) {
            super(name);
            this.language = settings.get("language", "").toLowerCase(Locale.ROOT);
            if (!language.isEmpty() && !language.equals("greek") && !language.equals("irish") && !language.equals("turkish")) {
                throw new IllegalArgumentException("lowercase: unknown language [" + language + "]");
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return switch (language) {
                case "greek" -> new GreekLowerCaseFilter(tokenStream);
                case "irish" -> new IrishLowerCaseFilter(tokenStream);
                case "turkish" -> new TurkishLowerCaseFilter(tokenStream);
                default -> new LowerCaseFilter(tokenStream);
            };
        }
    }
}
