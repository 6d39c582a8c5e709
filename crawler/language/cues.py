"""Letter evidence that n-gram statistics miss: alphabets that exclude a language, stray homoglyphs."""

from __future__ import annotations

import re
from collections import Counter

# Letters (lower case) beyond a-z of the alphabet of languages that are easily confused with
# a neighbour. A letter that belongs to some alphabet of the same script group but not to a
# language's own is evidence against that language (Czech ř, ě, ů are not Slovak; Ukrainian
# і, ї, є are neither Russian nor Bulgarian). Languages not listed get no such evidence.
ALPHABETS: dict[str, str] = {
    # Cyrillic: whole alphabets
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    # Arabic script: Persian and Urdu letters that Arabic lacks; Arabic ي ك ى are tolerated in
    # Persian and Urdu because many sites type them with an Arabic keyboard layout
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
    "fa": "ءآأؤئابتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژکگی",
    "ur": "ءآأؤئابتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژکگیٹڈڑںےھ",
    # Latin: letters with diacritics
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "sl": "čšžćđ",
    "hr": "čćđšž",
    "pl": "ąćęłńóśźż",
    "da": "æøåéü",
    "no": "æøåéòô",
    "sv": "åäöé",
    "fi": "äöåšž",
    "et": "äöõüšž",
    "de": "äöüßé",
    "es": "áéíóúñü",
    "pt": "áàâãçéêíóôõúü",
    "ca": "àçèéíïòóúü",
    "it": "àèéìíòóùî",
    "ro": "ăâîșțşţ",
    "fr": "àâæçéèêëîïôœùûüÿ",
}

_GROUP_OF: dict[str, str] = {}
for _lang, _letters in ALPHABETS.items():
    _script = "Cyrillic" if _letters[0] == "а" else "Arabic" if _letters[0] == "ء" else "Latin"
    _GROUP_OF[_lang] = _script
_GROUP_LETTERS: dict[str, frozenset[str]] = {}
for _lang, _script in _GROUP_OF.items():
    _GROUP_LETTERS[_script] = _GROUP_LETTERS.get(_script, frozenset()) | frozenset(ALPHABETS[_lang])
_OWN: dict[str, frozenset[str]] = {lang: frozenset(letters) for lang, letters in ALPHABETS.items()}

# Nats of evidence against a language per foreign letter; capped so a long text full of
# foreign names is still decided by its n-grams.
FOREIGN_LETTER_PENALTY = 2.0
_MAX_FOREIGN_LETTERS = 8


def foreign_letter_penalties(text: str, candidates: tuple[str, ...]) -> list[float]:
    """A (negative) log-evidence per candidate for letters its alphabet does not have."""
    letters = Counter(ch for ch in text.lower() if ch.isalpha() and not ch.isascii())
    penalties = []
    for lang in candidates:
        own = _OWN.get(lang)
        if own is None:
            penalties.append(0.0)
            continue
        group = _GROUP_LETTERS[_GROUP_OF[lang]]
        foreign = sum(n for ch, n in letters.items() if ch in group and ch not in own)
        penalties.append(-FOREIGN_LETTER_PENALTY * min(foreign, _MAX_FOREIGN_LETTERS))
    return penalties


# Latin letters that look like Cyrillic ones: some Ukrainian and Russian web text types
# Latin i/a/o/... inside Cyrillic words (keyboard layouts, OCR). Inside a word that is
# otherwise Cyrillic they are read as the Cyrillic letter.
_HOMOGLYPHS = str.maketrans("aceiopxyACEIOPXYBHKMT", "асеіорхуАСЕІОРХУВНКМТ")
_MIXED_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")


def fix_cyrillic_homoglyphs(text: str) -> str:
    """Replace Latin look-alike letters inside Cyrillic words by their Cyrillic twins."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.translate(_HOMOGLYPHS) if not word.isascii() else word

    return _MIXED_WORD.sub(fix, text)


# The most frequent short words of languages that have a close neighbour, written from
# general knowledge of each language (diacritic-less spellings included where web text
# often drops them). Each occurrence is evidence for every language listing the word, so
# words shared by neighbours cancel out and distinctive ones (da "af", nb "av", sv "och")
# decide.
FUNCTION_WORDS: dict[str, str] = {
    "da": "af at blev da de dem den der det dig efter eller en er et for fra har hun hvad hvis "
    "hvor ikke jeg jo kan kun man med meget men mig nogen noget nogle nu når og også om op på "
    "sig skal som så til ud under ved vi være vores lidt måske mellem gennem sådan hvorfor os "
    "hende endnu igen bliver været havde fik gik mere rigtig tilbage uden mod lige slet gøre gør "
    "siger sagde ved",
    "no": "at av ble da de dem den det deg eller en er et etter for fra har hun hva hvis hvor "
    "ikke jeg jo kan kun man med meg men mye noe noen nå når og også om opp på seg skal som så "
    "til ut under ved vi være vår våre litt kanskje mellom gjennom slik hvorfor ikkje eg ein "
    "berre dei oss henne ennå igjen blir vært hadde fikk gikk mer riktig tilbake uten mot "
    "gjøre gjør sier vet",
    "sv": "att av blev de dem den det dig efter eller en ett är för från har hon vad om hur "
    "inte jag kan bara man med mycket mig men någon något några nu när och också upp på sig "
    "ska som så till ut under vid vi vara vår lite kanske mellan genom sådan varför detta "
    "denna finns blir sedan inget oss henne ännu igen varit hade fick gick mer mera riktigt "
    "tillbaka utan mot göra gör sa sade här där än hos säger vet",
    "cs": "a aby ale ani asi bude by byl byla bylo být co do i jak jako je jeho jen jsem jsme "
    "jsou již k kde když která které který ne nebo něco o od pak po pro proto při s se si "
    "také tak to u už v ve však z za ze že jste jsi mezi podle této tohoto jejich kdyz ktere "
    "ktery ktera take tez pri uz vsak teto",
    "sk": "a aby ale ani asi bude by bol bola bolo byť čo do i ako je jeho len som sme sú už "
    "k kde keď ktorá ktoré ktorý nie alebo niečo o od potom po pre preto pri s sa si aj tak "
    "to u v vo však z za zo že ste si medzi podľa tejto ich ked ktore ktory ktora su pre",
    "sl": "in je se na v z za da so ki pa ne bi po tudi kot ali še iz od bo sem ga pri samo "
    "lahko zelo ker kar smo ste bil bila bilo biti kaj tako",
    "hr": "i je u se na da za su od s sa koji koja koje što ali kao iz bi o ni sam to te ili "
    "samo nije već biti bio bila bilo kako ima jer",
    "pl": "i w nie się na z do to że jest o a jak po co ale tak za od jego przez dla być już "
    "tylko jako czy może są było był była ich ten ta te który która które",
    "es": "de la que el en y a los del se las por un para con no una su al lo como más pero "
    "sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde "
    "desde todo nos durante estos ni contra otros ese eso ante ellos e esto mí antes algunos "
    "qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella "
    "estar estas algunas algo nosotros asi ahora",
    "pt": "de a o que e do da em um para é com não uma os no se na por mais as dos como mas "
    "foi ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela "
    "até isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles estão você "
    "tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual será nós "
    "lhe deles essas esses pelas este fosse dele tu te vocês vos lhes meus minhas teu tua "
    "nosso nossa num durante ainda então",
    "ca": "de la que el en i a els del es les per un amb no una seu al lo com més però seus "
    "li ja o aquest si perquè aquesta entre quan molt sense sobre també em fins hi ha on des "
    "tot ens durant aquests ni contra altres aquell això",
    "it": "di e il la che a per un in è non una sono del da si con le i al della dei lo gli "
    "come ma anche più se ha nel alla ci questo sua suo delle mi cosa nella perché ho era "
    "tra o cui loro molto quando già essere",
    "ro": "de și si în in la a cu pe nu din care o un să sa se ce mai este pentru au fost "
    "sunt dar sau ca iar foarte după dupa despre lui ei am ai vor va fi ne ii cel cea cum "
    "acest această aceasta acum doar unde când cand fiind prin",
    "fr": "de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se "
    "ce il sont avec ou son mais elle nous vous on je aux été leur cette ces comme tout",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er die ook als maar om "
    "bij nog wel wordt dan naar uit werd door over ze hij ik je wat zo kan meer",
    "af": "die en van in is het dat nie op te wat vir met hy ons jy sy word aan as ek was "
    "maar sal ook of kan om by hulle deur meer nog net",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
    "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem "
    "über einen so zum war haben nur oder aber vor zur bis mehr durch man",
    "en": "the of and to in is that for it as was with be by on not he this are or his from "
    "at which but have an they you were her she there been has their would will what all "
    "can if more when who",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena ada "
    "oleh saya bisa sudah mereka atau kami kita tersebut seperti bahwa hanya lebih harus "
    "sebagai namun saat telah banyak",
    "ms": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke kerana ada "
    "oleh saya boleh sudah mereka atau kami kita tersebut seperti bahawa hanya lebih perlu "
    "sebagai namun ketika telah banyak",
    "tl": "ang ng sa na at mga ay si ni ang kanyang isang hindi kay ito para niya nang may "
    "kung siya din rin lamang ko ka mo ako tayo kami sila noong",
    "ru": "и в не на я что он с как а то это по но она к у его за же так из от мне меня "
    "было был была вы мы они только когда уже еще ещё для бы вот ну если или нет даже до "
    "при о об тебя себя ему её ее их чтобы который которые этого этот эта всё все",
    "uk": "і в у не на що з й та до як це він вона за від по але про його ми ви вони так я "
    "для ще вже щоб коли може був була було бути є також тому який яка яке які або чи ні "
    "нас їх цього цей ця все усі",
    "bg": "и в не на се да е за с от са че по това като но а ще си ми съм беше бъде които "
    "който която което тя той те ние вие аз със във при до много още след така него нея "
    "тях й ги го я",
    "mk": "и во не на се да е за со од што ќе ги го ја тоа како но а има беше кои која кој "
    "тие ние вие јас многу по при до",
}
_WORDS: dict[str, frozenset[str]] = {lang: frozenset(w.split()) for lang, w in FUNCTION_WORDS.items()}
_WORD = re.compile(r"\w+")
# Tempered nats per function word in a language's list.
FUNCTION_WORD_BONUS = 2.0


def function_word_evidence(text: str, candidates: tuple[str, ...]) -> list[float]:
    """A (positive) log-evidence per candidate for the function words of its language."""
    words = Counter(_WORD.findall(text.lower()))
    evidence = []
    for lang in candidates:
        own = _WORDS.get(lang)
        hits = sum(n for word, n in words.items() if word in own) if own else 0
        evidence.append(FUNCTION_WORD_BONUS * hits)
    return evidence


# Varieties one n-gram profile covers (langdetect has no Nynorsk profile): their distinctive
# spellings of everyday words pick the variety when the source gives no hint.
VARIETY_WORDS: dict[str, str] = {
    "nb": "ikke jeg en et de hun hva hvordan hvorfor hvem fra være vært noe noen mye bare "
    "hele flere selv også nå dere hos hennes etter",
    "nn": "ikkje eg ein eit dei ho kva korleis kvifor kven frå vere vore noko nokon mykje "
    "berre heile fleire sjølv òg no dykk hjå hennar etter",
    # Indonesian and Malaysian Malay: the everyday and newsroom words each standard spells or
    # names its own way (karena/kerana, persen/peratus, pemerintah/kerajaan, polisi/polis).
    "id": "karena bahwa kemarin setelah diperkirakan pernyataan persen pemerintah bisa uang "
    "kantor pertandingan yaitu tapi mau senin kamis jumat polisi pajak perusahaan investasi "
    "proyek nggak gak banget kunjungan resmi peringatan tanggal kasus korupsi setempat daring "
    "kesehatan wisatawan pariwisata dibandingkan narkoba internasional",
    "ms": "kerana bahawa baharu sahaja selepas dijangka kenyataan peratus kerajaan wang pejabat "
    "perlawanan bandar iaitu mahu isnin khamis jumaat polis cukai syarikat pelaburan projek "
    "beliau hospital ringgit lawatan rasmi jabatan amaran tarikh kes rasuah tempatan talian "
    "kesihatan denggi pelancong pelancongan berbanding majlis kastam dadah antarabangsa",
}
_VARIETY: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in VARIETY_WORDS.items()}


def pick_variety(text: str, varieties: tuple[str, ...]) -> str:
    """The variety among `varieties` whose distinctive words occur most (ties: the first)."""
    words = Counter(_WORD.findall(text.lower()))
    hits = [sum(n for word, n in words.items() if word in _VARIETY[v]) for v in varieties]
    return varieties[max(range(len(varieties)), key=lambda i: (hits[i], -i))]


# UTF-8 text decoded as a Windows code page ("PĹ™Ă­mĂ˝" for "Přímý") is common on old pages.
_MOJIBAKE = re.compile("[ÃÂÄÅĂĹÐÑØÙ][\u0080-\u00bf\u0100-\u017f\u02c6-\u02dd\u2013-\u203a]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/cp1250 when the whole text round-trips; else unchanged."""
    if not _MOJIBAKE.search(text):
        return text
    for codepage in ("cp1252", "cp1250"):
        try:
            return text.encode(codepage).decode("utf-8")
        except UnicodeError:
            continue
    return text
