package vnmon.eslocal;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.bg.BulgarianStemFilter;
import org.apache.lucene.analysis.bn.BengaliStemFilter;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.ckb.SoraniStemFilter;
import org.apache.lucene.analysis.cz.CzechStemFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.el.GreekStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fa.PersianStemFilter;
import org.apache.lucene.analysis.fi.FinnishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianStemFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.apache.lucene.analysis.hu.HungarianLightStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemFilter;
import org.apache.lucene.analysis.no.NorwegianMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseStemFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sv.SwedishLightStemFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static java.util.Map.entry;

/** The `stemmer` token filter: `language` (or `name`) picks the Lucene stemmer stock ES picks for that name. */
final class StemmerTokenFilterFactory extends AbstractTokenFilterFactory {
    // Names whose ES stemmer is not simply the Snowball stemmer of the same language.
    private static final Map<String, Function<TokenStream, TokenStream>> SPECIAL = Map.ofEntries(
        entry("english", PorterStemFilter::new),
        entry("porter", PorterStemFilter::new),
        entry("porter2", ts -> new SnowballFilter(ts, "English")),
        entry("light_english", KStemFilter::new),
        entry("kstem", KStemFilter::new),
        entry("minimal_english", EnglishMinimalStemFilter::new),
        entry("possessive_english", EnglishPossessiveFilter::new),
        entry("lovins", ts -> new SnowballFilter(ts, "English")),
        entry("arabic", ArabicStemFilter::new),
        entry("bengali", BengaliStemFilter::new),
        entry("brazilian", BrazilianStemFilter::new),
        entry("bulgarian", BulgarianStemFilter::new),
        entry("czech", CzechStemFilter::new),
        entry("light_finnish", FinnishLightStemFilter::new),
        entry("light_french", FrenchLightStemFilter::new),
        entry("minimal_french", FrenchMinimalStemFilter::new),
        entry("galician", GalicianStemFilter::new),
        entry("minimal_galician", GalicianMinimalStemFilter::new),
        entry("light_german", GermanLightStemFilter::new),
        entry("minimal_german", GermanMinimalStemFilter::new),
        entry("greek", GreekStemFilter::new),
        entry("hindi", HindiStemFilter::new),
        entry("light_hungarian", HungarianLightStemFilter::new),
        entry("indonesian", IndonesianStemFilter::new),
        entry("light_italian", ItalianLightStemFilter::new),
        entry("latvian", LatvianStemFilter::new),
        entry("light_norwegian", NorwegianLightStemFilter::new),
        entry("minimal_norwegian", NorwegianMinimalStemFilter::new),
        entry("persian", PersianStemFilter::new),
        entry("light_portuguese", PortugueseLightStemFilter::new),
        entry("minimal_portuguese", PortugueseMinimalStemFilter::new),
        entry("portuguese_rslp", PortugueseStemFilter::new),
        entry("light_russian", RussianLightStemFilter::new),
        entry("light_spanish", SpanishLightStemFilter::new),
        entry("sorani", SoraniStemFilter::new),
        entry("light_swedish", SwedishLightStemFilter::new)
    );

    private final Function<TokenStream, TokenStream> stemmer;

    StemmerTokenFilterFactory(String name, Settings settings) {
        super(name);
        String language = settings.get("language", settings.get("name", "english"));
        this.stemmer = stemmerFor(language);
    }

    static Function<TokenStream, TokenStream> stemmerFor(String language) {
        String key = language.toLowerCase(Locale.ROOT);
        Function<TokenStream, TokenStream> special = SPECIAL.get(key);
        if (special != null) {
            return special;
        }
        String snowball = Character.toUpperCase(key.charAt(0)) + key.substring(1);
        try {
            Class.forName("org.tartarus.snowball.ext." + snowball + "Stemmer");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("stemmer: unknown language [" + language + "]");
        }
        return ts -> new SnowballFilter(ts, snowball);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
