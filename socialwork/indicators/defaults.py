"""The national default targets (Decision 112/QĐ-TTg, 966/QĐ-TTg; DOMAIN §1.1).

Loaded for the portal province by a data migration and again, for codes the
province has no target for, by `services.target_defaults_load` (the province
may be loaded after the migrations ran). The department edits them: a
province plan may set higher values (Cà Mau: 70% for CTXH-01). Migration 0002
keeps its own copy, as migrations must not import code that later changes.
"""

# (code, year, value, confirmed, source note)
DEFAULT_TARGETS: list[tuple[str, int, str, bool, str]] = [
    ("CTXH-01", 2025, "60", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-01", 2030, "90", True, "QĐ 112/QĐ-TTg (theo báo chí, chưa đối chiếu văn bản gốc)"),
    ("CTXH-02", 2025, "50", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-02", 2030, "60", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-03", 2025, "20", True, "QĐ 112/QĐ-TTg: tăng 20% so với năm 2020"),
    ("CTXH-03", 2030, "30", False, "Chưa xác nhận (DOMAIN §1.1): kiểm tra mục 2(b) QĐ 112"),
    ("CTXH-04", 2025, "30", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-04", 2030, "50", False, "Chưa xác nhận (DOMAIN §1.1): kiểm tra mục 2(b) QĐ 112"),
    ("CTXH-05", 2025, "85", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-05", 2030, "90", True, "Theo kế hoạch tỉnh Phú Yên"),
    ("TGXH-966a", 2030, "90", True, "QĐ 966/QĐ-TTg"),
]
