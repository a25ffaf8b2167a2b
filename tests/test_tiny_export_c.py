"""MCU export: the generated C, compiled with cc, equals the numpy int8 reference on KDDTest+ rows."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from netmodel.twin import DEVICE_BUDGETS
from tiny_nodes.deployed import Detector, artifact_path
from tiny_nodes.export_c import compile_shared, export_c, footprint
from tiny_nodes.nslkdd import InputError, load_raw

pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler (cc)")


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load(artifact_path("nslkdd_int8.npz"))


@pytest.fixture(scope="module")
def compiled(detector, tmp_path_factory):
    return compile_shared(detector.model, tmp_path_factory.mktemp("c"), "nslkdd_test")


def test_c_equals_numpy_on_1000_kddtest_rows(shared, detector, compiled):
    rows, _ = load_raw("test")
    rng = np.random.default_rng(0)
    pick = rng.choice(len(rows), size=1000, replace=False)
    X = detector.pre.transform([rows[i] for i in pick])
    xq = detector.model.quantize_input(X)
    assert np.array_equal(compiled.quantize_input(X), xq)
    ours, theirs = detector.model.forward_int(xq), compiled.forward_int(xq)
    assert ours.shape == (1000, 6) and ours.dtype == theirs.dtype == np.int8
    assert np.array_equal(ours, theirs)
    assert len(np.unique(ours[:, 0])) > 20  # a real spread of outputs, not a constant


def test_c_rejects_nan_inputs(detector, compiled):
    x = np.zeros((1, detector.model.in_dim), dtype=np.float32)
    x[0, 5] = np.nan
    with pytest.raises(InputError, match="NaN"):
        compiled.quantize_input(x)


def test_header_holds_the_int8_model(detector, tmp_path):
    h, c = export_c(detector.model, tmp_path, "det")
    text = h.read_text()
    assert f"#define DET_IN {detector.model.in_dim}" in text and "#define DET_OUT 6" in text
    assert text.count("static const int8_t det_w") == len(detector.model.layers)
    assert "tm_requantize" in c.read_text()
    with pytest.raises(ValueError, match="C identifier"):
        export_c(detector.model, tmp_path, "not a name")


def test_footprint_fits_the_m4_budget(detector, tmp_path):
    fp = footprint(detector.model, tmp_path, "det")
    m4 = DEVICE_BUDGETS["mcu-m4"]
    assert fp.rodata >= detector.model.weight_bytes  # every weight, bias, mantissa and shift is in flash
    assert 0 < fp.text and fp.flash <= m4["flash"] and fp.ram <= m4["sram"]
    assert fp.bss == 2 * max(layer.w.shape[0] for layer in detector.model.layers[:-1])


def test_committed_c_export_is_current(detector):
    from tiny_nodes.export_c import c_header, c_source

    assert artifact_path("nslkdd_detector.h").read_text() == c_header(detector.model, "nslkdd_detector")
    assert artifact_path("nslkdd_detector.c").read_text() == c_source(detector.model, "nslkdd_detector")
