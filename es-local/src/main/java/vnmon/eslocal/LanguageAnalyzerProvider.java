package vnmon.eslocal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;

/** A language analyzer declared in index settings (`"type": "english"`), honouring `stopwords` and `stem_exclusion` like ES. */
final class LanguageAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
    private final Analyzer analyzer;

    LanguageAnalyzerProvider(LanguageAnalyzers.Language language, Environment env, String name, Settings settings) {
        super(name);
        CharArraySet stop = Analysis.parseStopWords(env, settings, language.defaultStopWords().get());
        CharArraySet exclusions = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
        this.analyzer = language.build().apply(stop, exclusions);
    }

    @Override
    public Analyzer get() {
        return analyzer;
    }
}
