"""Tests of URL normalisation, canonical choice, document ids and SimHash clustering."""

from __future__ import annotations

import random

import pytest

from crawler.dedup import (
    SIMHASH_MAX_DISTANCE,
    ClusterIndex,
    canonical_for,
    document_id,
    format_simhash,
    hamming,
    is_amp_url,
    normalize_url,
    parse_simhash,
    simhash,
    simhash_band_probes,
    simhash_bands,
)

# --- Texts written for these tests: one wire story per language (A), the same story as
# another outlet runs it (other intro/outro, a few edited words), and a different story
# on the same topic (B).

EN_A = (
    "Typhoon Linh made landfall in central Vietnam early on Tuesday, bringing winds of up to "
    "130 kilometres per hour and torrential rain to the provinces of Quang Tri and Thua Thien "
    "Hue, state media said. More than 180,000 people had been moved from low-lying coastal "
    "villages to schools and government buildings before the storm arrived, according to the "
    "national disaster management agency. At least four people were killed by falling trees "
    "and collapsed walls, and three fishermen were missing after their boat capsized off Da "
    "Nang, the agency said in a statement. Authorities closed the airports in Hue and Dong Hoi "
    "and suspended trains on the north-south railway for a second day. Power was cut to about "
    "600,000 households, and the state utility said its crews would need several days to "
    "restore supply in the worst-hit districts. The weather service warned that rainfall of "
    "300 to 500 millimetres could cause flash floods and landslides in mountainous areas over "
    "the next 48 hours. Vietnam is hit by around a dozen storms a year, and the central coast "
    "is particularly exposed. Last year floods and landslides in the region killed more than "
    "100 people and destroyed thousands of hectares of rice. Prime Minister Pham Minh Chinh "
    "ordered ministries to deploy soldiers and rescue boats, and told local officials to make "
    "sure that no residents returned to their homes until the danger had passed."
)
EN_B = (
    "Farmers in central Vietnam began counting the cost on Thursday of Typhoon Linh, which "
    "flattened rice fields just weeks before the autumn harvest and left fishing fleets in "
    "Quang Tri and Hue badly damaged. The agriculture ministry estimated that about 45,000 "
    "hectares of rice and 8,000 hectares of vegetables had been submerged, while thousands of "
    "cattle and pigs drowned when rivers burst their banks. Economists said the losses were "
    "unlikely to dent national growth, which the government expects to exceed 6 percent this "
    "year, but warned that food prices in the region could rise sharply. Insurers said only a "
    "small share of farms carried any cover. In the village of Hai Lang, rice grower Nguyen "
    "Thi Mai said the water had reached the roof of her house within two hours and that her "
    "family had lost its entire crop and most of its seed stock. The provincial government "
    "promised cash payments to households that lost their homes and free seed for the next "
    "planting season. The World Bank has estimated that extreme weather already costs Vietnam "
    "more than 3 percent of its gross domestic product a year, and scientists say storms in the "
    "South China Sea are growing more intense as the ocean warms."
)
EN_INTRO_1 = "HANOI, Sept 16 (Wire Service) - "
EN_OUTRO_1 = " (Reporting by the Hanoi newsroom; Editing by the Asia desk)"
EN_INTRO_2 = "Listen to this article. 3 min read. Updated 9:41 AM. Hanoi, Vietnam — "
EN_OUTRO_2 = (
    " Sign up for our free Asia morning briefing to get the top stories in your inbox. "
    "Copyright 2025 The Associated Wire. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without permission."
)
EN_EDITS = [
    ("kilometres", "kilometers"),
    ("millimetres", "millimeters"),
    ("More than 180,000", "Over 180,000"),
    ("state media said", "state media reported"),
]

FR_A = (
    "Le Vietnam et l'Union européenne ont convenu mardi à Hanoï d'accélérer la mise en œuvre "
    "de leur accord de libre-échange, entré en vigueur il y a cinq ans, a annoncé le ministère "
    "vietnamien de l'Industrie et du Commerce. Selon le communiqué, les deux parties veulent "
    "supprimer d'ici à la fin de l'année prochaine les derniers droits de douane sur les "
    "produits agricoles transformés, notamment le café, le poivre et les fruits tropicaux. Les "
    "exportations vietnamiennes vers l'Europe ont atteint 52 milliards de dollars l'an dernier, "
    "soit une hausse de près de 40 % depuis l'entrée en vigueur de l'accord, tandis que les "
    "entreprises européennes ont investi massivement dans l'énergie éolienne et la logistique. "
    "Bruxelles a toutefois rappelé ses inquiétudes concernant la pêche illégale, qui vaut au "
    "Vietnam un « carton jaune » depuis 2017, et a demandé des progrès rapides sur le droit "
    "du travail, en particulier la liberté syndicale. Le vice-ministre vietnamien a assuré que "
    "Hanoï renforcerait les contrôles dans les ports de pêche et adopterait un nouveau code du "
    "travail avant l'été. Les négociateurs doivent se retrouver à Bruxelles en octobre pour "
    "examiner un calendrier détaillé. Plusieurs organisations non gouvernementales ont appelé "
    "l'Union à conditionner tout nouvel avantage commercial à la libération de militants "
    "écologistes emprisonnés."
)
FR_B = (
    "Les producteurs de café des hauts plateaux du Vietnam profitent cette année de prix "
    "record, mais craignent les nouvelles règles européennes contre la déforestation, qui "
    "imposeront dès décembre de prouver que chaque sac n'a pas été cultivé sur des terres "
    "récemment défrichées. Dans la province de Dak Lak, premier bassin de production du pays, "
    "les coopératives cartographient les parcelles par satellite et distribuent des "
    "applications aux paysans pour enregistrer leurs récoltes. « Nous n'avons jamais gagné "
    "autant, mais nous ne savons pas si nos acheteurs européens accepteront nos documents », "
    "explique un planteur de Buon Ma Thuot. Le Vietnam, deuxième exportateur mondial de café, "
    "vend près de 40 % de sa production à l'Union européenne, son principal client grâce à "
    "l'accord de libre-échange. Les autorités affirment que moins de 1 % des surfaces "
    "caféières posent problème et demandent à Bruxelles de classer le pays parmi les régions "
    "à faible risque. Les exportateurs redoutent néanmoins des coûts supplémentaires, que les "
    "petits producteurs, qui cultivent souvent moins de deux hectares, auront du mal à "
    "supporter."
)
FR_INTRO_1 = "HANOÏ (Agence) – "
FR_OUTRO_1 = " © Agence de presse. Tous droits de reproduction réservés."
FR_INTRO_2 = "Temps de lecture : 3 min. Publié le 16 septembre à 10 h 12. Hanoï — "
FR_OUTRO_2 = (
    " Cet article vous a été utile ? Abonnez-vous à notre lettre quotidienne pour recevoir "
    "l'essentiel de l'actualité internationale chaque matin. Lire aussi : nos autres articles "
    "sur l'Asie du Sud-Est."
)
FR_EDITS = [
    ("a annoncé", "a indiqué"),
    ("massivement", "fortement"),
    ("52 milliards de dollars", "52 milliards de dollars (48 milliards d'euros)"),
]

DE_A = (
    "Die erste U-Bahn-Linie der vietnamesischen Wirtschaftsmetropole Ho-Chi-Minh-Stadt hat nach "
    "mehr als zehn Jahren Bauzeit den regulären Betrieb aufgenommen. Die knapp 20 Kilometer "
    "lange Strecke verbindet den Ben-Thanh-Markt im Stadtzentrum mit dem Vorort Thu Duc und "
    "soll täglich bis zu 160.000 Fahrgäste befördern, teilte die Stadtverwaltung am Sonntag mit. "
    "Das Projekt wurde überwiegend mit Krediten aus Japan finanziert und kostete rund 1,7 "
    "Milliarden US-Dollar, fast dreimal so viel wie ursprünglich geplant. Verzögerungen bei "
    "Landenteignungen, Streit über Nachtragskosten und die Corona-Pandemie hatten die Eröffnung "
    "immer wieder verschoben. In den ersten Wochen ist die Fahrt kostenlos, danach soll ein "
    "Ticket je nach Entfernung zwischen 7.000 und 20.000 Dong kosten. Die Stadt mit rund neun "
    "Millionen Einwohnern leidet unter chronischen Staus, denn der größte Teil des Verkehrs "
    "wird von etwa sieben Millionen Motorrollern bewältigt. Verkehrsplaner hoffen, dass die "
    "neue Bahn vor allem Pendler aus den östlichen Stadtteilen zum Umsteigen bewegt. Bis 2035 "
    "sollen sieben weitere Linien entstehen, doch für die meisten ist die Finanzierung noch "
    "nicht gesichert. Auch in der Hauptstadt Hanoi sind inzwischen zwei Stadtbahnlinien in "
    "Betrieb."
)
DE_B = (
    "Vietnam will bis 2035 eine Hochgeschwindigkeitsstrecke zwischen der Hauptstadt Hanoi und "
    "Ho-Chi-Minh-Stadt bauen, die mit rund 67 Milliarden US-Dollar das teuerste "
    "Infrastrukturprojekt in der Geschichte des Landes wäre. Das Parlament billigte am Freitag "
    "mit großer Mehrheit den Grundsatzbeschluss für die mehr als 1.500 Kilometer lange Trasse, "
    "auf der Züge mit bis zu 350 Kilometern pro Stunde fahren sollen. Die Reise zwischen den "
    "beiden größten Städten würde damit von über 30 Stunden mit der bestehenden Bahn auf etwa "
    "fünf Stunden schrumpfen. Kritiker bezweifeln, dass sich die Strecke jemals rechnet, und "
    "verweisen auf die jahrelangen Verzögerungen und Kostensteigerungen bei den U-Bahn-Projekten "
    "in Hanoi und Ho-Chi-Minh-Stadt. Die Regierung setzt dagegen auf staatliche Mittel und "
    "Anleihen und will ausländische Partner vor allem für Technik und Ausbildung gewinnen. "
    "Chinesische, japanische und europäische Konzerne haben bereits Interesse signalisiert. "
    "Der Baubeginn ist für 2027 geplant, zunächst auf den Abschnitten rund um die beiden "
    "Metropolen."
)
DE_INTRO_1 = "Ho-Chi-Minh-Stadt (dpa-Agentur) - "
DE_OUTRO_1 = " dpa-Agentur xy/abc"
DE_INTRO_2 = "Lesezeit: 3 Minuten. Artikel anhören. Ho-Chi-Minh-Stadt. "
DE_OUTRO_2 = (
    " Mehr zum Thema: Asien-Newsletter jetzt kostenlos abonnieren und keine Nachricht mehr "
    "verpassen. Dieser Artikel wurde automatisch von einer Nachrichtenagentur übernommen und "
    "von der Redaktion nicht bearbeitet."
)
DE_EDITS = [
    ("teilte die Stadtverwaltung am Sonntag mit", "teilte die Stadtverwaltung mit"),
    ("rund 1,7", "etwa 1,7"),
    ("Motorrollern", "Mopeds"),
]

ZH_A = (
    "越南政府周二宣布，将从明年起把最低工资平均上调百分之七点二，以应对生活成本上升和劳动力短缺。"
    "根据越南劳动部的声明，河内和胡志明市等一类地区的月最低工资将升至约五百三十万越南盾。"
    "这是越南在新冠疫情后第二次大幅提高最低工资。工会组织表示，许多在工业园区工作的工人难以负担房租和食品开支，"
    "不少人已返回农村老家。外国投资企业则担心成本上升会削弱越南作为制造业基地的竞争力。"
    "越南是三星、英特尔和多家服装鞋类品牌的重要生产基地，过去几年吸引了大量从中国转移的工厂。"
    "经济学家指出，越南的劳动生产率仍明显低于周边国家，政府需要在提高工资的同时加强职业培训。"
    "越南计划投资部的数据显示，今年前八个月外国直接投资实际到位资金同比增长约百分之八。"
    "越南总理范明正表示，政府将继续改善营商环境，简化行政手续，并加快交通和电力基础设施建设。"
)
ZH_B = (
    "越南工业园区的外资企业近来普遍反映招工困难，尤其是在北宁、北江等电子产业集中的省份。"
    "一家为智能手机供应零部件的韩国企业负责人说，工厂今年不得不把招聘奖金提高一倍，仍然难以留住年轻工人。"
    "越南统计总局的数据显示，全国劳动力人口增长明显放缓，而农村青年更愿意前往城市从事服务业或外出务工。"
    "部分企业开始引进自动化生产线，以减少对人工的依赖。专家认为，越南若想继续吸引高科技投资，"
    "必须在职业教育、住房和交通等方面为工人提供更好的条件。越南政府已提出在工业园区附近建设一百万套社会住房的计划，"
    "但进展缓慢，许多项目因土地和资金问题停滞。与此同时，最低工资上调也让企业的经营成本进一步增加。"
)
ZH_INTRO_1 = "新华通讯（河内电）"
ZH_OUTRO_1 = "（责任编辑：王编辑）"
ZH_INTRO_2 = "阅读时长约两分钟。本网河内特约报道："
ZH_OUTRO_2 = "欢迎关注我们的公众号，获取更多东南亚财经新闻。版权所有，未经授权不得转载。"
ZH_EDITS = [("周二", "本周二"), ("平均上调", "平均提高"), ("不少人", "很多人")]


TH_A = (
    "รัฐบาลเวียดนามประกาศเมื่อวันพุธว่าจะเปิดให้นักท่องเที่ยวจากทุกประเทศขอวีซ่าอิเล็กทรอนิกส์"
    "ได้นานสูงสุดเก้าสิบวัน เพื่อกระตุ้นการท่องเที่ยวที่ยังฟื้นตัวไม่เต็มที่หลังการระบาดของโควิด-19 "
    "กระทรวงวัฒนธรรม กีฬาและการท่องเที่ยวระบุว่า ปีที่แล้วเวียดนามต้อนรับนักท่องเที่ยวต่างชาติ"
    "ประมาณสิบสองล้านคน ซึ่งยังต่ำกว่าระดับก่อนการระบาด นักท่องเที่ยวจากเกาหลีใต้และจีนยังคงเป็น"
    "กลุ่มใหญ่ที่สุด ขณะที่จำนวนนักท่องเที่ยวไทยเพิ่มขึ้นอย่างรวดเร็วหลังจากสายการบินราคาประหยัด"
    "เปิดเส้นทางบินตรงจากกรุงเทพฯ ไปยังดานังและฟูก๊วก ผู้ประกอบการโรงแรมในนครโฮจิมินห์กล่าวว่า "
    "นโยบายใหม่จะช่วยให้นักท่องเที่ยวยุโรปซึ่งมักพักนานกว่าสองสัปดาห์ตัดสินใจเดินทางง่ายขึ้น "
    "อย่างไรก็ตาม นักวิชาการเตือนว่าเวียดนามยังต้องปรับปรุงโครงสร้างพื้นฐาน เช่น สนามบินและระบบ"
    "ขนส่งสาธารณะ เพื่อแข่งขันกับไทยและอินโดนีเซียในการดึงดูดนักท่องเที่ยวคุณภาพสูง"
)
TH_B = (
    "เมืองดานังบนชายฝั่งตอนกลางของเวียดนามกำลังกลายเป็นจุดหมายยอดนิยมของนักท่องเที่ยวไทย "
    "โดยเฉพาะกลุ่มคนรุ่นใหม่ที่ต้องการเที่ยวระยะสั้นในวันหยุดยาว บริษัททัวร์ในกรุงเทพฯ รายงานว่า "
    "ยอดจองแพ็กเกจไปดานังและฮอยอันเพิ่มขึ้นเกือบเท่าตัวเมื่อเทียบกับปีก่อน เพราะค่าตั๋วเครื่องบิน"
    "ถูกลงและใช้เวลาบินไม่ถึงสองชั่วโมง นักท่องเที่ยวหลายคนบอกว่าชอบอาหารเวียดนาม ชายหาดที่สะอาด "
    "และเมืองเก่าฮอยอันที่ได้รับการขึ้นทะเบียนเป็นมรดกโลก ทางการท้องถิ่นเตรียมจัดเทศกาลพลุนานาชาติ"
    "อีกครั้งในฤดูร้อนนี้ และเชิญทีมจากไทยเข้าร่วมการแข่งขันเป็นครั้งแรก แต่ชาวบ้านบางส่วนกังวลว่า"
    "การก่อสร้างโรงแรมริมทะเลจำนวนมากอาจทำให้ชายหาดถูกกัดเซาะและค่าครองชีพสูงขึ้น"
)
TH_INTRO_1 = "ฮานอย (สำนักข่าวต่างประเทศ) – "
TH_OUTRO_1 = " (ที่มา: สำนักข่าวต่างประเทศ)"
TH_INTRO_2 = "อ่านข่าวนี้ใช้เวลา 2 นาที ฮานอย – "
TH_OUTRO_2 = " ติดตามข่าวต่างประเทศเพิ่มเติมได้ที่เว็บไซต์ของเรา กดไลก์และแชร์เพื่อไม่พลาดข่าวสำคัญ"
TH_EDITS = [("เมื่อวันพุธ", "เมื่อวันที่ 17 กันยายน"), ("ประมาณ", "ราว"), ("อย่างรวดเร็ว", "อย่างมาก")]


def _outlets(lang: str) -> tuple[str, str, str]:
    """(outlet 1 copy of A, outlet 2 edited copy of A, story B) for a language prefix."""
    text = globals()
    story = text[f"{lang}_A"]
    edited = story
    for old, new in text[f"{lang}_EDITS"]:
        assert old in edited, (lang, old)
        edited = edited.replace(old, new, 1)
    first = text[f"{lang}_INTRO_1"] + story + text[f"{lang}_OUTRO_1"]
    second = text[f"{lang}_INTRO_2"] + edited + text[f"{lang}_OUTRO_2"]
    return first, second, text[f"{lang}_B"]


LANGS = ["EN", "FR", "DE", "ZH", "TH"]


# --- URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTP://WWW.Example.COM:80/News/a%7estory?b=2&a=1#top",
            "http://www.example.com/News/a~story?a=1&b=2",
        ),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://bücher.de/über", "https://xn--bcher-kva.de/%C3%BCber"),
        (
            "https://example.com/a?utm_source=fb&utm_medium=social&id=7&fbclid=X1",
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a?gclid=1&CMP=share_btn&ref=rss&ocid=msn", "https://example.com/a"),
        ("https://example.com/world/2025/story/amp", "https://example.com/world/2025/story"),
        ("https://example.com/amp/world/story/", "https://example.com/world/story/"),
        ("https://example.com/world/story.amp.html", "https://example.com/world/story.html"),
        ("https://example.com/world/story?amp=1", "https://example.com/world/story"),
        ("https://example.com/world/story?outputType=amp&p=2", "https://example.com/world/story?p=2"),
        ("https://amp.example.co.uk/world/story", "https://example.co.uk/world/story"),
        (
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/world/story",
            "https://www.example.com/world/story",
        ),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected
    assert normalize_url(expected) == expected  # idempotent


def test_normalize_url_keeps_content_parameters_and_path_case() -> None:
    # `amplifier` and `page` are content, not tracking or AMP switches.
    url = "https://example.com/Amplifier/List?page=3&amplitude=2"
    assert normalize_url(url) == "https://example.com/Amplifier/List?amplitude=2&page=3"


def test_normalize_url_resolves_relative_against_base() -> None:
    assert normalize_url("../b/c?x=1#f", base="https://Example.com/a/z/") == ("https://example.com/a/b/c?x=1")
    assert normalize_url("//example.com/p") == "https://example.com/p"


@pytest.mark.parametrize("url", ["mailto:desk@example.com", "/relative/only", "ftp://example.com/x", ""])
def test_normalize_url_rejects_non_http(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        normalize_url(url)


def test_is_amp_url() -> None:
    assert is_amp_url("https://amp.example.com/a")
    assert is_amp_url("https://example.com/a/amp")
    assert is_amp_url("https://example.com/a?outputType=amp")
    assert not is_amp_url("https://example.com/amplified/a")


def test_canonical_for_uses_same_site_canonical() -> None:
    page = "https://www.example.com/world/asia/story-123?utm_source=rss"
    declared = "/world/vietnam-typhoon-story-123"
    assert canonical_for(page, declared) == "https://www.example.com/world/vietnam-typhoon-story-123"
    # Another host of the same registered domain is the same site.
    assert canonical_for("https://edition.example.co.uk/a/1", "https://www.example.co.uk/a/1") == (
        "https://www.example.co.uk/a/1"
    )


@pytest.mark.parametrize(
    "declared",
    [
        None,
        "",
        "https://www.example.com/",
        "https://www.example.com/en/",
        "https://www.example.com/index.html",
        "https://other-outlet.com/world/story-123",
        "javascript:void(0)",
    ],
)
def test_canonical_for_falls_back_to_page(declared: str | None) -> None:
    page = "https://www.example.com/world/story-123?fbclid=abc"
    assert canonical_for(page, declared) == "https://www.example.com/world/story-123"


def test_canonical_for_amp_page_may_point_to_another_domain() -> None:
    page = "https://amp.example-news.com/world/story-123"
    assert canonical_for(page, "https://www.examplenews.org/world/story-123") == (
        "https://www.examplenews.org/world/story-123"
    )


def test_document_id_is_sha256_of_normalised_url() -> None:
    a = document_id("https://www.example.com/world/story?utm_campaign=x")
    b = document_id("HTTPS://WWW.EXAMPLE.COM:443/world/story#comments")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0
    assert a != document_id("https://www.example.com/world/other-story")


# --- SimHash


@pytest.mark.parametrize("lang", LANGS)
def test_same_wire_story_from_two_outlets_is_near_duplicate(lang: str) -> None:
    first, second, _ = _outlets(lang)
    assert hamming(simhash(first), simhash(second)) <= SIMHASH_MAX_DISTANCE


@pytest.mark.parametrize("lang", LANGS)
def test_different_story_on_same_topic_is_not(lang: str) -> None:
    first, second, other = _outlets(lang)
    assert hamming(simhash(first), simhash(other)) > SIMHASH_MAX_DISTANCE
    assert hamming(simhash(second), simhash(other)) > SIMHASH_MAX_DISTANCE


def test_stories_in_different_languages_are_far_apart() -> None:
    hashes = [simhash(_outlets(lang)[0]) for lang in LANGS]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1 :]:
            assert hamming(a, b) > SIMHASH_MAX_DISTANCE


def test_simhash_ignores_case_punctuation_and_spacing() -> None:
    text = _outlets("EN")[0]
    noisy = text.upper().replace(",", " ,").replace(". ", ".\n\n")
    assert simhash(noisy) == simhash(text)
    assert simhash("") == 0
    assert 0 <= simhash(text) < 1 << 64


@pytest.mark.parametrize("lang", ["ZH", "TH"])
def test_unspaced_scripts_are_compared_by_characters(lang: str) -> None:
    # Without splitting, a whole Chinese paragraph or Thai phrase would be one token and
    # any edit would change everything; character shingles keep the edited copy close.
    first, second, _ = _outlets(lang)
    assert simhash(first) != simhash(second)
    assert hamming(simhash(first), simhash(second)) <= SIMHASH_MAX_DISTANCE // 2 + 2


def test_simhash_text_format_round_trips() -> None:
    h = simhash(EN_A)
    assert len(format_simhash(h)) == 16
    assert parse_simhash(format_simhash(h)) == h
    with pytest.raises(ValueError, match="zz"):
        parse_simhash("zz")


def test_simhash_bands() -> None:
    h = 0x0123_4567_89AB_CDEF
    assert simhash_bands(h) == ["0:cdef", "1:89ab", "2:4567", "3:0123"]
    assert simhash_bands(h, bands=2) == ["0:89abcdef", "1:01234567"]
    assert len(simhash_bands(h, bands=5)) == 5
    with pytest.raises(ValueError, match="bands"):
        simhash_bands(h, bands=0)


def test_band_probes_find_every_near_duplicate() -> None:
    first, second, other = _outlets("FR")
    a, b, c = simhash(first), simhash(second), simhash(other)
    probes = set(simhash_band_probes(a))
    assert probes & set(simhash_bands(b))
    assert not probes & set(simhash_bands(c))
    # Worst case for exact bands: the differing bits spread over all four bands.
    spread = a ^ sum(1 << bit for bit in range(0, 64, 6))
    assert hamming(a, spread) <= SIMHASH_MAX_DISTANCE
    assert not set(simhash_bands(a)) & set(simhash_bands(spread))
    assert probes & set(simhash_bands(spread))


def test_cluster_index_groups_syndicated_copies() -> None:
    index = ClusterIndex()
    assignments = {}
    for lang in LANGS:
        first, second, other = _outlets(lang)
        assignments[f"{lang}-1"] = index.assign(f"{lang}-1", first)
        assignments[f"{lang}-B"] = index.assign(f"{lang}-B", other)
        assignments[f"{lang}-2"] = index.assign(f"{lang}-2", second)
    for lang in LANGS:
        assert assignments[f"{lang}-1"] == f"{lang}-1"
        assert assignments[f"{lang}-2"] == f"{lang}-1"
        assert assignments[f"{lang}-B"] == f"{lang}-B"
    # Seen again (re-crawl), a document keeps its cluster.
    assert index.assign("EN-2", "whatever text") == "EN-1"
    assert len(index) == 3 * len(LANGS)


def test_cluster_index_never_merges_short_texts() -> None:
    index = ClusterIndex()
    assert index.assign("a", "Vietnam: live updates") == "a"
    assert index.assign("b", "Vietnam: live updates") == "b"
    assert index.assign("c", "") == "c"


def _edited(story: str, lang: str, rnd: random.Random, edits: int) -> str:
    """The story with `edits` random words (or 2-character runs in CJK/Thai) replaced."""
    if lang in ("ZH", "TH"):
        for _ in range(edits):
            at = rnd.randrange(len(story) - 2)
            story = story[:at] + story[at + 2 :]
        return story
    words = story.split()
    for at in rnd.sample(range(len(words)), edits):
        words[at] = rnd.choice(["reportedly", "also", "nearly", "sources", "officially"])
    return " ".join(words)


@pytest.mark.parametrize("lang", LANGS)
def test_threshold_tolerates_random_edits_and_boilerplate(lang: str) -> None:
    # 30 copies per language with 3 random edits plus the other outlet's intro/outro:
    # nearly all must stay within SIMHASH_MAX_DISTANCE (the distance is random per copy).
    text = globals()
    rnd = random.Random(f"vnmon-{lang}")
    original = simhash(text[f"{lang}_INTRO_1"] + text[f"{lang}_A"] + text[f"{lang}_OUTRO_1"])
    distances = [
        hamming(
            original,
            simhash(
                text[f"{lang}_INTRO_2"] + _edited(text[f"{lang}_A"], lang, rnd, 3) + text[f"{lang}_OUTRO_2"]
            ),
        )
        for _ in range(30)
    ]
    assert sum(d <= SIMHASH_MAX_DISTANCE for d in distances) >= 27, sorted(distances)
