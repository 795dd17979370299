"""The development mail sink writes mails a mail reader opens as sent, accents included."""
import email
import email.policy

from pixkit.mail import DirectoryMailSink


def test_an_address_with_accents_stays_an_address(tmp_path):
    DirectoryMailSink(tmp_path).deliver("m1", "mélanie.durand@example.fr", "Pix : invitation à rejoindre",
                                        "Bonjour,\n\nÀ bientôt sur Pix.\n")
    message = email.message_from_bytes((tmp_path / "m1.eml").read_bytes(), policy=email.policy.default)
    assert message["To"] == "mélanie.durand@example.fr"
    assert message["Subject"] == "Pix : invitation à rejoindre"
    assert message.get_content().replace("\r\n", "\n") == "Bonjour,\n\nÀ bientôt sur Pix.\n"  # CRLF, as mail goes
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, then renamed
