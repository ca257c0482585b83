from econ_ai.linkage.normalise import (
    brussels_zip, compact, legal_forms, normalise_name, normalise_place, website_stem,
)


def test_legal_forms_accents_punctuation_connectors():
    assert normalise_name("Kaloneva Oplossingen B.V.B.A.") == "kaloneva solutions"
    assert normalise_name("KALONEVA SOLUTIONS SRL") == "kaloneva solutions"
    assert normalise_name("Données & Analyse SPRL") == "donnees analyse"
    assert normalise_name("Données en Analyse") == normalise_name("Donnees et analyse SA")
    assert normalise_name("Lutrinyx Robotics S.à r.l.") == "lutrinyx robotics"
    assert normalise_name("Datadam CommV") == "datadam"
    for form in ("BV", "NV", "SRL", "SA", "BVBA", "SPRL", "CommV", "SCS", "VOF", "GmbH", "vzw", "asbl"):
        assert normalise_name(f"Kalo {form}") == "kalo", form
    assert legal_forms("Kalo Data BVBA") == ("bvba",)


def test_translations_articles_web_suffix():
    assert normalise_name("Nova Diensten") == normalise_name("Nova Services")
    assert normalise_name("Robotique Lumi") == normalise_name("Robotica Lumi")
    assert normalise_name("De Datafabriek BV") == "datafabriek"
    assert normalise_name("De") == "de"  # an article alone is kept
    assert normalise_name("fleium.ai") == "fleium"
    assert compact("Kalo Nex BV") == "kalonex"


def test_places_and_websites():
    assert normalise_place("Gand") == normalise_place("Ghent") == normalise_place("gent") == "gent"
    assert normalise_place("Bruxelles") == normalise_place("Brussel") == "brussels"
    assert normalise_place("Liège") == "liege"
    assert website_stem("https://www.kaloneva.ai/about") == "kaloneva"
    assert website_stem("") == ""
    assert brussels_zip("1050") and not brussels_zip("1348") and not brussels_zip("9000")
