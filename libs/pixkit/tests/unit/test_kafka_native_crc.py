"""kafka-python computes record batches' CRC-32C in C only when the crc32c package is there
(a dependency of pixkit): without it every record fetched or sent costs about 9 µs more."""
from kafka.record import util


def test_record_batches_are_checked_with_the_native_crc32c():
    assert util.crc32c_c is not None
    assert util.calc_crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
