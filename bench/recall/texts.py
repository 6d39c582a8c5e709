"""The text inserted into real pages: a news paragraph naming Vietnam and Hanoi, per language.

Each paragraph is written the way a journalist of that language would write it, with the
country and the capital each named twice in natural inflected forms (Lithuanian "Vietnamo",
"Hanojuje"; Finnish "Vietnamissa", "Hanoihin"; Korean "하노이의", "베트남에서"; Hebrew and
Arabic with their prefixes), and without the adjective ("Vietnamese"), so that the case
measures what the lexicon makes of the names themselves. The decoys (navigation links, a
related-links list, teasers of other stories, a footer) exist for the page languages of the
shared split; other languages fall back to English decoys.
"""

from __future__ import annotations

PARAGRAPH: dict[str, str] = {
    "en": "Vietnam's government said on Monday that it would tighten the rules on rice exports after a "
    "poor harvest in the Mekong Delta. Officials in Hanoi said the measures were temporary. Traders "
    "expect prices in Vietnam to rise this month, and a delegation from Brussels is due in Hanoi next "
    "week for talks on the quotas.",
    "fr": "Le gouvernement du Vietnam a annoncé lundi qu'il allait durcir les règles d'exportation du riz "
    "après une mauvaise récolte dans le delta du Mékong. À Hanoï, les autorités ont assuré que ces "
    "mesures seraient temporaires. Les négociants s'attendent à une hausse des prix au Vietnam ce "
    "mois-ci, et une délégation de Bruxelles est attendue à Hanoï la semaine prochaine.",
    "de": "Die Regierung Vietnams kündigte am Montag an, die Regeln für Reisexporte nach einer schlechten "
    "Ernte im Mekongdelta zu verschärfen. Beamte in Hanoi erklärten, die Maßnahmen seien befristet. "
    "Händler erwarten, dass die Preise in Vietnam noch in diesem Monat steigen; eine Delegation aus "
    "Brüssel wird nächste Woche in Hanoi zu Gesprächen über die Quoten erwartet.",
    "es": "El Gobierno de Vietnam anunció el lunes que endurecerá las normas de exportación de arroz tras "
    "una mala cosecha en el delta del Mekong. Funcionarios en Hanói aseguraron que las medidas serán "
    "temporales. Los comerciantes prevén que los precios en Vietnam suban este mes, y una delegación "
    "de Bruselas llegará a Hanói la próxima semana para negociar las cuotas.",
    "it": "Il governo del Vietnam ha annunciato lunedì che inasprirà le regole sulle esportazioni di riso "
    "dopo un cattivo raccolto nel delta del Mekong. Funzionari ad Hanoi hanno assicurato che le misure "
    "saranno temporanee. I commercianti si aspettano un aumento dei prezzi in Vietnam già questo mese, "
    "e una delegazione di Bruxelles è attesa ad Hanoi la prossima settimana.",
    "pt": "O governo do Vietnã anunciou na segunda-feira que vai endurecer as regras de exportação de arroz "
    "após uma colheita ruim no delta do Mekong. Autoridades em Hanói afirmaram que as medidas serão "
    "temporárias. Comerciantes esperam alta dos preços no Vietnã neste mês, e uma delegação de "
    "Bruxelas é aguardada em Hanói na próxima semana para discutir as cotas.",
    "ru": "Правительство Вьетнама в понедельник объявило об ужесточении правил экспорта риса после "
    "неурожая в дельте Меконга. Чиновники в Ханое заявили, что эти меры носят временный характер. "
    "Трейдеры ожидают роста цен во Вьетнаме уже в этом месяце, а на следующей неделе в Ханой прибудет "
    "делегация из Брюсселя для переговоров о квотах.",
    "uk": "Уряд В’єтнаму в понеділок оголосив про посилення правил експорту рису після неврожаю в дельті "
    "Меконгу. Посадовці в Ханої заявили, що ці заходи тимчасові. Трейдери очікують зростання цін у "
    "В’єтнамі вже цього місяця, а наступного тижня до Ханоя прибуде делегація з Брюсселя для "
    "переговорів щодо квот.",
    "pl": "Rząd Wietnamu zapowiedział w poniedziałek zaostrzenie zasad eksportu ryżu po słabych zbiorach "
    "w delcie Mekongu. Urzędnicy w Hanoi zapewnili, że to rozwiązanie tymczasowe. Handlowcy spodziewają "
    "się wzrostu cen w Wietnamie jeszcze w tym miesiącu, a w przyszłym tygodniu do Hanoi przyjedzie "
    "delegacja z Brukseli, by rozmawiać o kwotach.",
    "cs": "Vláda Vietnamu v pondělí oznámila zpřísnění pravidel pro vývoz rýže po slabé úrodě v deltě "
    "Mekongu. Úředníci v Hanoji uvedli, že opatření jsou dočasná. Obchodníci očekávají, že ceny ve "
    "Vietnamu ještě tento měsíc porostou, a do Hanoje má příští týden přijet delegace z Bruselu "
    "k jednání o kvótách.",
    "nl": "De regering van Vietnam maakte maandag bekend dat de regels voor de export van rijst worden "
    "aangescherpt na een slechte oogst in de Mekongdelta. Ambtenaren in Hanoi zeiden dat de maatregelen "
    "tijdelijk zijn. Handelaren verwachten deze maand hogere prijzen in Vietnam, en volgende week wordt "
    "in Hanoi een delegatie uit Brussel verwacht voor overleg over de quota.",
    "sv": "Vietnams regering meddelade på måndagen att reglerna för risexport skärps efter en dålig skörd "
    "i Mekongdeltat. Tjänstemän i Hanoi sade att åtgärderna är tillfälliga. Handlare väntar sig stigande "
    "priser i Vietnam redan denna månad, och nästa vecka väntas en delegation från Bryssel till Hanoi "
    "för samtal om kvoterna.",
    "ja": "ベトナム政府は月曜日、メコンデルタの不作を受けてコメの輸出規制を強化すると発表した。"
    "ハノイの当局者は、措置は一時的なものだと説明した。業者の間ではベトナム国内の価格が今月中に上昇するとの見方が強く、"
    "来週にはブリュッセルの代表団がハノイを訪れ、輸出枠について協議する予定だ。",
    "ko": "베트남 정부는 월요일 메콩강 삼각주의 흉작에 따라 쌀 수출 규정을 강화하겠다고 발표했다. 하노이의 "
    "관리들은 이번 조치가 일시적이라고 밝혔다. 상인들은 이달 중 베트남에서 쌀값이 오를 것으로 내다봤으며, "
    "다음 주에는 브뤼셀 대표단이 하노이에 도착해 수출 할당량을 논의할 예정이다.",
    "zh": "越南政府周一宣布，由于湄公河三角洲水稻歉收，将收紧大米出口规定。"
    "河内官员表示，这些措施只是临时性的。贸易商预计本月越南国内米价将上涨，下周还将有一个来自布鲁塞尔的代表团抵达河内，就出口配额进行磋商。",
    "ar": "أعلنت حكومة فيتنام يوم الاثنين أنها ستشدد قواعد تصدير الأرز بعد محصول ضعيف في دلتا نهر ميكونغ. "
    "وقال مسؤولون في هانوي إن هذه الإجراءات مؤقتة. ويتوقع التجار ارتفاع أسعار الأرز في الأسواق المحلية "
    "لفيتنام خلال هذا الشهر، فيما يصل وفد من بروكسل الأسبوع المقبل في زيارة لهانوي لبحث الحصص.",
    "tr": "Vietnam hükümeti pazartesi günü, Mekong Deltası'ndaki kötü hasadın ardından pirinç ihracatı "
    "kurallarını sıkılaştıracağını açıkladı. Hanoi'deki yetkililer, önlemlerin geçici olduğunu söyledi. "
    "Tüccarlar Vietnam'daki fiyatların bu ay yükselmesini bekliyor; Brüksel'den bir heyetin de kotaları "
    "görüşmek üzere gelecek hafta Hanoi'ye gelmesi bekleniyor.",
    "id": "Pemerintah Vietnam pada Senin mengumumkan akan memperketat aturan ekspor beras setelah panen "
    "buruk di Delta Mekong. Pejabat di Hanoi mengatakan langkah itu bersifat sementara. Para pedagang "
    "memperkirakan harga di Vietnam akan naik bulan ini, dan delegasi dari Brussel dijadwalkan tiba di "
    "Hanoi pekan depan untuk membahas kuota ekspor.",
    "ms": "Kerajaan Vietnam pada hari Isnin mengumumkan bahawa peraturan eksport beras akan diperketatkan "
    "selepas hasil tuaian yang buruk di Delta Mekong. Pegawai di Hanoi berkata langkah itu hanya "
    "sementara. Peniaga menjangkakan harga di Vietnam meningkat bulan ini, manakala satu delegasi dari "
    "Brussels dijadual tiba di Hanoi minggu depan untuk membincangkan kuota.",
    "th": "รัฐบาลเวียดนามประกาศเมื่อวันจันทร์ว่าจะเข้มงวดกฎการส่งออกข้าวมากขึ้น หลังผลผลิตในสามเหลี่ยม"
    "ปากแม่น้ำโขงตกต่ำ เจ้าหน้าที่ในกรุงฮานอยระบุว่ามาตรการดังกล่าวเป็นเพียงการชั่วคราว ผู้ค้าคาดว่าราคาข้าว"
    "ในเวียดนามจะปรับตัวสูงขึ้นในเดือนนี้ และคณะผู้แทนจากบรัสเซลส์มีกำหนดเดินทางถึงฮานอยในสัปดาห์หน้า"
    "เพื่อหารือเรื่องโควตา",
    "hi": "वियतनाम की सरकार ने सोमवार को घोषणा की कि मेकांग डेल्टा में खराब फसल के बाद चावल निर्यात के "
    "नियम सख्त किए जाएंगे। हनोई में अधिकारियों ने कहा कि ये उपाय अस्थायी हैं। व्यापारियों को उम्मीद है कि "
    "इस महीने वियतनाम में कीमतें बढ़ेंगी, और अगले सप्ताह ब्रसेल्स से एक प्रतिनिधिमंडल कोटा पर बातचीत के "
    "लिए हनोई पहुंचेगा।",
    "el": "Η κυβέρνηση του Βιετνάμ ανακοίνωσε τη Δευτέρα ότι θα αυστηροποιήσει τους κανόνες για τις "
    "εξαγωγές ρυζιού μετά την κακή σοδειά στο δέλτα του Μεκόνγκ. Αξιωματούχοι στο Ανόι δήλωσαν ότι τα "
    "μέτρα είναι προσωρινά. Οι έμποροι αναμένουν άνοδο των τιμών στο Βιετνάμ μέσα στον μήνα, ενώ την "
    "επόμενη εβδομάδα αναμένεται στο Ανόι αντιπροσωπεία από τις Βρυξέλλες.",
    "hu": "Vietnam kormánya hétfőn bejelentette, hogy a Mekong-deltában tapasztalt gyenge termés után "
    "szigorítja a rizsexport szabályait. Hanoiban a tisztviselők közölték, hogy az intézkedések "
    "ideiglenesek. A kereskedők arra számítanak, hogy Vietnamban már ebben a hónapban emelkednek az "
    "árak, jövő héten pedig brüsszeli küldöttség érkezik Hanoiba, hogy a kvótákról tárgyaljon.",
    "ro": "Guvernul Vietnamului a anunțat luni că va înăspri regulile privind exportul de orez, după o "
    "recoltă slabă în delta Mekongului. Oficialii de la Hanoi au precizat că măsurile sunt temporare. "
    "Comercianții se așteaptă ca prețurile din Vietnam să crească luna aceasta, iar săptămâna viitoare "
    "o delegație de la Bruxelles este așteptată la Hanoi pentru discuții privind cotele.",
    "fi": "Vietnamin hallitus ilmoitti maanantaina kiristävänsä riisin vientisääntöjä Mekongin "
    "suistoalueen heikon sadon vuoksi. Hanoissa virkamiehet vakuuttivat, että toimet ovat "
    "väliaikaisia. Kauppiaat odottavat hintojen nousevan Vietnamissa jo tässä kuussa, ja Brysselistä "
    "saapuu ensi viikolla valtuuskunta Hanoihin neuvottelemaan kiintiöistä.",
    "lt": "Vietnamo vyriausybė pirmadienį paskelbė griežtinanti ryžių eksporto taisykles po prasto "
    "derliaus Mekongo deltoje. Hanojuje pareigūnai tvirtino, kad priemonės yra laikinos. Prekiautojai "
    "tikisi, kad kainos Vietname kils jau šį mėnesį, o kitą savaitę į Hanojų atvyks delegacija iš "
    "Briuselio derėtis dėl kvotų.",
    "lv": "Vjetnamas valdība pirmdien paziņoja, ka pēc sliktās ražas Mekongas deltā pastiprinās rīsu "
    "eksporta noteikumus. Amatpersonas Hanojā apgalvoja, ka pasākumi ir pagaidu. Tirgotāji sagaida, ka "
    "cenas Vjetnamā pieaugs jau šomēnes, bet nākamnedēļ uz Hanoju ieradīsies delegācija no Briseles, "
    "lai apspriestu kvotas.",
    "et": "Vietnami valitsus teatas esmaspäeval, et karmistab pärast kehva saaki Mekongi deltas riisi "
    "ekspordi reegleid. Hanois kinnitasid ametnikud, et meetmed on ajutised. Kauplejad ootavad, et "
    "hinnad Vietnamis tõusevad juba sel kuul, ning järgmisel nädalal saabub Hanoisse Brüsseli "
    "delegatsioon kvootide üle läbi rääkima.",
    "is": "Ríkisstjórn Víetnams tilkynnti á mánudag að reglur um útflutning á hrísgrjónum yrðu hertar "
    "eftir lélega uppskeru á óshólmum Mekong-fljóts. Embættismenn í Hanoí sögðu að aðgerðirnar væru "
    "tímabundnar. Kaupmenn búast við að verð í Víetnam hækki í þessum mánuði og í næstu viku er von á "
    "sendinefnd frá Brussel til Hanoí til viðræðna um kvótana.",
    "he": "ממשלת וייטנאם הודיעה ביום שני כי תחמיר את כללי יצוא האורז לאחר יבול דל בדלתת המקונג. פקידים "
    "בהאנוי אמרו כי הצעדים זמניים. סוחרים צופים עליית מחירים בווייטנאם כבר החודש, ובשבוע הבא צפויה "
    "משלחת מבריסל להגיע להאנוי לשיחות על המכסות.",
    "fa": "دولت ویتنام روز دوشنبه اعلام کرد که پس از برداشت ضعیف محصول در دلتای مکونگ، قوانین صادرات "
    "برنج را سخت‌تر می‌کند. مقام‌ها در هانوی گفتند این اقدامات موقتی است. بازرگانان انتظار دارند "
    "قیمت‌ها در ویتنام همین ماه افزایش یابد و هفته آینده هیئتی از بروکسل برای گفت‌وگو درباره "
    "سهمیه‌ها به هانوی می‌رسد.",
}

LANGUAGES: tuple[str, ...] = tuple(PARAGRAPH)

# "… in Vietnam": the short headline edit of the title-only case, per language.
TITLE_SUFFIX: dict[str, str] = {
    "en": " in Vietnam", "fr": " au Vietnam", "de": " in Vietnam", "es": " en Vietnam",
    "it": " in Vietnam", "pt": " no Vietnã", "ru": " во Вьетнаме", "uk": " у В’єтнамі",
    "pl": " w Wietnamie", "cs": " ve Vietnamu", "nl": " in Vietnam", "sv": " i Vietnam",
    "ja": "、ベトナムで", "ko": " 베트남에서", "zh": "（越南）", "ar": " في فيتنام", "tr": " Vietnam'da",
    "id": " di Vietnam", "ms": " di Vietnam", "th": " ในเวียดนาม", "hi": " वियतनाम में",
    "el": " στο Βιετνάμ", "hu": " Vietnamban", "ro": " în Vietnam", "fi": " Vietnamissa",
    "lt": " Vietname", "lv": " Vjetnamā", "et": " Vietnamis", "is": " í Víetnam", "he": " בווייטנאם",
    "fa": " در ویتنام",
}  # fmt: skip


# Decoy texts: (menu links, related headlines, teasers as (headline, summary), footer line).
# Each names Vietnam and Hanoi at least twice, as much as the inserted paragraph does.
MENU: dict[str, tuple[str, ...]] = {
    "en": ("Vietnam", "Hanoi", "Vietnam trade", "Hanoi diary"),
    "pt": ("Vietnã", "Hanói", "Comércio com o Vietnã", "Diário de Hanói"),
    "de": ("Vietnam", "Hanoi", "Handel mit Vietnam", "Hanoi-Tagebuch"),
    "id": ("Vietnam", "Hanoi", "Dagang Vietnam", "Catatan Hanoi"),
    "ru": ("Вьетнам", "Ханой", "Торговля с Вьетнамом", "Дневник из Ханоя"),
    "ja": ("ベトナム", "ハノイ", "ベトナム経済", "ハノイ通信"),
}

RELATED_HEADING = {
    "en": "Related articles", "pt": "Leia também", "de": "Mehr zum Thema", "id": "Baca juga",
    "ru": "Читайте также", "ja": "関連記事",
}  # fmt: skip
RELATED: dict[str, tuple[str, ...]] = {
    "en": (
        "Vietnam raises rice export prices for the second time this year",
        "Hanoi traffic: motorbike ban planned for the old quarter",
        "Why investors are looking at Vietnam and its capital Hanoi",
    ),
    "pt": (
        "Vietnã eleva preços do arroz pela segunda vez no ano",
        "Hanói planeja proibir motos no bairro antigo",
        "Por que investidores olham para o Vietnã e sua capital, Hanói",
    ),
    "de": (
        "Vietnam erhöht zum zweiten Mal in diesem Jahr die Reispreise",
        "Hanoi plant Mopedverbot in der Altstadt",
        "Warum Anleger auf Vietnam und seine Hauptstadt Hanoi schauen",
    ),
    "id": (
        "Vietnam naikkan harga ekspor beras untuk kedua kalinya tahun ini",
        "Hanoi berencana larang sepeda motor di kota tua",
        "Mengapa investor melirik Vietnam dan ibu kotanya, Hanoi",
    ),
    "ru": (
        "Вьетнам второй раз за год повысил цены на рис",
        "В Ханое запретят мотоциклы в старом квартале",
        "Почему инвесторы смотрят на Вьетнам и его столицу Ханой",
    ),
    "ja": (
        "ベトナム、今年2度目のコメ輸出価格引き上げ",
        "ハノイ旧市街でバイク乗り入れ禁止へ",
        "投資家がベトナムと首都ハノイに注目する理由",
    ),
}
TEASERS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("Coffee prices hit a ten-year high", "Growers in Vietnam are holding back their beans."),
        ("A new metro line opens", "Hanoi's second line carries 30,000 riders on its first day in Vietnam."),
        ("Typhoon season starts early", "Vietnam evacuates coastal villages south of Hanoi."),
    ),
    "pt": (
        ("Preço do café bate recorde em dez anos", "Produtores do Vietnã seguram a colheita."),
        ("Nova linha de metrô é inaugurada", "A segunda linha de Hanói leva 30 mil passageiros no Vietnã."),
        ("Temporada de tufões começa cedo", "Vietnã retira moradores de vilas ao sul de Hanói."),
    ),
    "de": (
        ("Kaffeepreise auf Zehnjahreshoch", "Bauern in Vietnam halten ihre Ernte zurück."),
        (
            "Neue U-Bahn-Linie eröffnet",
            "Hanois zweite Linie befördert am ersten Tag in Vietnam 30.000 Fahrgäste.",
        ),
        ("Taifunsaison beginnt früh", "Vietnam evakuiert Küstendörfer südlich von Hanoi."),
    ),
    "id": (
        ("Harga kopi tertinggi dalam sepuluh tahun", "Petani di Vietnam menahan panen mereka."),
        ("Jalur metro baru dibuka", "Jalur kedua Hanoi mengangkut 30.000 penumpang di Vietnam."),
        ("Musim topan datang lebih awal", "Vietnam mengungsikan desa pesisir di selatan Hanoi."),
    ),
    "ru": (
        ("Цены на кофе достигли десятилетнего максимума", "Фермеры во Вьетнаме придерживают урожай."),
        ("Открыта новая линия метро", "Вторая линия в Ханое перевезла 30 тысяч пассажиров во Вьетнаме."),
        ("Сезон тайфунов начался рано", "Вьетнам эвакуирует прибрежные деревни к югу от Ханоя."),
    ),
    "ja": (
        ("コーヒー価格が10年ぶり高値", "ベトナムの農家が出荷を控えている。"),
        ("新しい地下鉄路線が開業", "ハノイの2号線、ベトナムで初日に3万人が利用。"),
        ("台風シーズンが早くも到来", "ベトナム、ハノイ南方の沿岸の村に避難指示。"),
    ),
}
TEASER_HEADING = {
    "en": "More stories", "pt": "Mais notícias", "de": "Weitere Nachrichten", "id": "Berita lainnya",
    "ru": "Другие новости", "ja": "その他のニュース",
}  # fmt: skip
FOOTER: dict[str, str] = {
    "en": "Asia bureau: 12 Trang Tien Street, Hanoi, Vietnam. Correspondents in Hanoi and Ho Chi Minh "
    "City, Vietnam.",
    "pt": "Sucursal na Ásia: Rua Trang Tien, 12, Hanói, Vietnã. Correspondentes em Hanói e no Vietnã.",
    "de": "Asien-Büro: Trang-Tien-Straße 12, Hanoi, Vietnam. Korrespondenten in Hanoi und Vietnam.",
    "id": "Biro Asia: Jalan Trang Tien 12, Hanoi, Vietnam. Koresponden di Hanoi dan Vietnam.",
    "ru": "Бюро в Азии: улица Чанг Тиен, 12, Ханой, Вьетнам. Корреспонденты в Ханое и во Вьетнаме.",
    "ja": "アジア総局：ベトナム・ハノイ市チャンティエン通り12番地。ハノイ、ベトナム各地に特派員。",
}


def decoy_language(language: str) -> str:
    """The language of the decoys of a page in `language` (English where none was written)."""
    return language if language in MENU else "en"
