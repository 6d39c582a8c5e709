package vnmon.eslocal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.br.BrazilianAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The language analyzers of stock Elasticsearch's analysis-common module, by their ES names,
 * each backed by the Lucene analyzer stock ES uses, so mappings stay portable to real clusters.
 */
final class LanguageAnalyzers {
    /** One analyzer: its ES name, Lucene's default stop words, and a builder from (stop words, stem exclusions). */
    record Language(String name, Supplier<CharArraySet> defaultStopWords, BiFunction<CharArraySet, CharArraySet, Analyzer> build) {
        Analyzer withDefaults() {
            return build.apply(defaultStopWords.get(), CharArraySet.EMPTY_SET);
        }
    }

    static final List<Language> ALL = List.of(
        new Language("arabic", ArabicAnalyzer::getDefaultStopSet, ArabicAnalyzer::new),
        new Language("armenian", ArmenianAnalyzer::getDefaultStopSet, ArmenianAnalyzer::new),
        new Language("basque", BasqueAnalyzer::getDefaultStopSet, BasqueAnalyzer::new),
        new Language("bengali", BengaliAnalyzer::getDefaultStopSet, BengaliAnalyzer::new),
        new Language("brazilian", BrazilianAnalyzer::getDefaultStopSet, BrazilianAnalyzer::new),
        new Language("bulgarian", BulgarianAnalyzer::getDefaultStopSet, BulgarianAnalyzer::new),
        new Language("catalan", CatalanAnalyzer::getDefaultStopSet, CatalanAnalyzer::new),
        // CJK, Greek and Thai analyzers have no stemmer, hence no stem exclusions.
        new Language("cjk", CJKAnalyzer::getDefaultStopSet, (stop, exclusions) -> new CJKAnalyzer(stop)),
        new Language("czech", CzechAnalyzer::getDefaultStopSet, CzechAnalyzer::new),
        new Language("danish", DanishAnalyzer::getDefaultStopSet, DanishAnalyzer::new),
        new Language("dutch", DutchAnalyzer::getDefaultStopSet, DutchAnalyzer::new),
        new Language("english", EnglishAnalyzer::getDefaultStopSet, EnglishAnalyzer::new),
        new Language("estonian", EstonianAnalyzer::getDefaultStopSet, EstonianAnalyzer::new),
        new Language("finnish", FinnishAnalyzer::getDefaultStopSet, FinnishAnalyzer::new),
        new Language("french", FrenchAnalyzer::getDefaultStopSet, FrenchAnalyzer::new),
        new Language("galician", GalicianAnalyzer::getDefaultStopSet, GalicianAnalyzer::new),
        new Language("german", GermanAnalyzer::getDefaultStopSet, GermanAnalyzer::new),
        new Language("greek", GreekAnalyzer::getDefaultStopSet, (stop, exclusions) -> new GreekAnalyzer(stop)),
        new Language("hindi", HindiAnalyzer::getDefaultStopSet, HindiAnalyzer::new),
        new Language("hungarian", HungarianAnalyzer::getDefaultStopSet, HungarianAnalyzer::new),
        new Language("indonesian", IndonesianAnalyzer::getDefaultStopSet, IndonesianAnalyzer::new),
        new Language("irish", IrishAnalyzer::getDefaultStopSet, IrishAnalyzer::new),
        new Language("italian", ItalianAnalyzer::getDefaultStopSet, ItalianAnalyzer::new),
        new Language("latvian", LatvianAnalyzer::getDefaultStopSet, LatvianAnalyzer::new),
        new Language("lithuanian", LithuanianAnalyzer::getDefaultStopSet, LithuanianAnalyzer::new),
        new Language("norwegian", NorwegianAnalyzer::getDefaultStopSet, NorwegianAnalyzer::new),
        new Language("persian", PersianAnalyzer::getDefaultStopSet, PersianAnalyzer::new),
        new Language("portuguese", PortugueseAnalyzer::getDefaultStopSet, PortugueseAnalyzer::new),
        new Language("romanian", RomanianAnalyzer::getDefaultStopSet, RomanianAnalyzer::new),
        new Language("russian", RussianAnalyzer::getDefaultStopSet, RussianAnalyzer::new),
        new Language("serbian", SerbianAnalyzer::getDefaultStopSet, SerbianAnalyzer::new),
        new Language("sorani", SoraniAnalyzer::getDefaultStopSet, SoraniAnalyzer::new),
        new Language("spanish", SpanishAnalyzer::getDefaultStopSet, SpanishAnalyzer::new),
        new Language("swedish", SwedishAnalyzer::getDefaultStopSet, SwedishAnalyzer::new),
        new Language("thai", ThaiAnalyzer::getDefaultStopSet, (stop, exclusions) -> new ThaiAnalyzer(stop)),
        new Language("turkish", TurkishAnalyzer::getDefaultStopSet, TurkishAnalyzer::new)
    );

    private LanguageAnalyzers() {}
}
