"""Reference data of the register: the 54 ethnic groups and the legal categories.

The data is frozen here (a migration must not change when code changes); a
later law adds categories in a new migration. Codes are stable identifiers
used by imports, the API and the indicators.
"""

from django.db import migrations

# GSO list of ethnic groups (Decision 121-TCTK/PPCĐ, 1979), codes 01–54.
ETHNICITIES = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khmer"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "Mông"), ("09", "Dao"), ("10", "Gia Rai"),
    ("11", "Ngái"), ("12", "Ê Đê"), ("13", "Ba Na"), ("14", "Xơ Đăng"), ("15", "Sán Chay"),
    ("16", "Cơ Ho"), ("17", "Chăm"), ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "M'Nông"),
    ("21", "Raglay"), ("22", "Xtiêng"), ("23", "Bru - Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"),
    ("26", "Cơ Tu"), ("27", "Giẻ Triêng"), ("28", "Mạ"), ("29", "Khơ Mú"), ("30", "Co"),
    ("31", "Tà Ôi"), ("32", "Chơ Ro"), ("33", "Kháng"), ("34", "Xinh Mun"), ("35", "Hà Nhì"),
    ("36", "Chu Ru"), ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"),
    ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"),
    ("46", "Pà Thẻn"), ("47", "Cờ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ Măm"),
]

D20 = "decree20"
CHILD = "child_special"
VUL = "vulnerable"

# (code, parent code, group, name, legal reference, sensitive, priority_child)
CATEGORIES = [
    # Decree 20/2021 Art. 5: monthly social allowance groups and sub-cases.
    ("ND20-5.1", None, D20, "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng", "NĐ 20/2021, Điều 5 khoản 1", False, True),
    ("ND20-5.1a", "ND20-5.1", D20, "Bị bỏ rơi chưa có người nhận làm con nuôi", "NĐ 20/2021, Điều 5 khoản 1 điểm a", False, True),
    ("ND20-5.1b", "ND20-5.1", D20, "Mồ côi cả cha và mẹ", "NĐ 20/2021, Điều 5 khoản 1 điểm b", False, True),
    ("ND20-5.1c", "ND20-5.1", D20, "Mồ côi cha hoặc mẹ, người còn lại mất tích", "NĐ 20/2021, Điều 5 khoản 1 điểm c", False, True),
    ("ND20-5.1d", "ND20-5.1", D20, "Mồ côi cha hoặc mẹ, người còn lại đang ở cơ sở trợ giúp xã hội, nhà xã hội", "NĐ 20/2021, Điều 5 khoản 1 điểm d", False, True),
    ("ND20-5.1dd", "ND20-5.1", D20, "Mồ côi cha hoặc mẹ, người còn lại đang chấp hành án phạt tù, giáo dưỡng, giáo dục bắt buộc, cai nghiện bắt buộc", "NĐ 20/2021, Điều 5 khoản 1 điểm đ", False, True),
    ("ND20-5.1e", "ND20-5.1", D20, "Cả cha và mẹ mất tích", "NĐ 20/2021, Điều 5 khoản 1 điểm e", False, True),
    ("ND20-5.1g", "ND20-5.1", D20, "Cả cha và mẹ đang ở cơ sở trợ giúp xã hội, nhà xã hội", "NĐ 20/2021, Điều 5 khoản 1 điểm g", False, True),
    ("ND20-5.1h", "ND20-5.1", D20, "Cả cha và mẹ đang chấp hành án phạt tù, giáo dưỡng, giáo dục bắt buộc, cai nghiện bắt buộc", "NĐ 20/2021, Điều 5 khoản 1 điểm h", False, True),
    ("ND20-5.1i", "ND20-5.1", D20, "Cha hoặc mẹ mất tích, người còn lại đang ở cơ sở trợ giúp xã hội", "NĐ 20/2021, Điều 5 khoản 1 điểm i", False, True),
    ("ND20-5.1k", "ND20-5.1", D20, "Cha hoặc mẹ mất tích, người còn lại đang chấp hành án phạt tù hoặc tương tự", "NĐ 20/2021, Điều 5 khoản 1 điểm k", False, True),
    ("ND20-5.1l", "ND20-5.1", D20, "Cha hoặc mẹ ở cơ sở trợ giúp xã hội, người còn lại chấp hành án phạt tù hoặc tương tự", "NĐ 20/2021, Điều 5 khoản 1 điểm l", False, True),
    ("ND20-5.2", None, D20, "Người từ 16 đến 22 tuổi đang đi học, tiếp tục từ nhóm trẻ em không có nguồn nuôi dưỡng", "NĐ 20/2021, Điều 5 khoản 2", False, False),
    ("ND20-5.3", None, D20, "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo", "NĐ 20/2021, Điều 5 khoản 3", True, True),
    ("ND20-5.4", None, D20, "Người đơn thân nghèo đang nuôi con", "NĐ 20/2021, Điều 5 khoản 4", False, False),
    ("ND20-5.5", None, D20, "Người cao tuổi", "NĐ 20/2021, Điều 5 khoản 5", False, False),
    ("ND20-5.5a", "ND20-5.5", D20, "Người cao tuổi thuộc hộ nghèo, không có người có nghĩa vụ phụng dưỡng", "NĐ 20/2021, Điều 5 khoản 5 điểm a", False, False),
    ("ND20-5.5b", "ND20-5.5", D20, "Người từ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo ở vùng dân tộc thiểu số và miền núi đặc biệt khó khăn", "NĐ 20/2021, Điều 5 khoản 5 điểm b", False, False),
    ("ND20-5.5c", "ND20-5.5", D20, "Người từ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng", "NĐ 20/2021, Điều 5 khoản 5 điểm c", False, False),
    ("ND20-5.5d", "ND20-5.5", D20, "Người cao tuổi thuộc hộ nghèo đủ điều kiện vào cơ sở nhưng được chăm sóc tại cộng đồng", "NĐ 20/2021, Điều 5 khoản 5 điểm d", False, False),
    ("ND20-5.6", None, D20, "Người khuyết tật nặng, khuyết tật đặc biệt nặng", "NĐ 20/2021, Điều 5 khoản 6", True, False),
    ("ND20-5.6-severe", "ND20-5.6", D20, "Người khuyết tật nặng", "NĐ 20/2021, Điều 5 khoản 6", True, False),
    ("ND20-5.6-especially", "ND20-5.6", D20, "Người khuyết tật đặc biệt nặng", "NĐ 20/2021, Điều 5 khoản 6", True, False),
    ("ND20-5.7", None, D20, "Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở vùng dân tộc thiểu số và miền núi đặc biệt khó khăn", "NĐ 20/2021, Điều 5 khoản 7", False, False),
    ("ND20-5.8", None, D20, "Người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập ổn định", "NĐ 20/2021, Điều 5 khoản 8", True, False),
    # Law on Children Art. 10 (a–o, skipping f and j), Decree 56/2017 Arts 3–16.
    ("TE-a", None, CHILD, "Trẻ em mồ côi cả cha và mẹ", "Luật Trẻ em, Điều 10 điểm a; NĐ 56/2017, Điều 3", False, True),
    ("TE-a1", "TE-a", CHILD, "Mồ côi cả cha và mẹ, không có người chăm sóc", "NĐ 56/2017, Điều 3 khoản 1", False, True),
    ("TE-a2", "TE-a", CHILD, "Mồ côi cả cha và mẹ, đang được nuôi dưỡng tại cơ sở", "NĐ 56/2017, Điều 3 khoản 2", False, True),
    ("TE-a3", "TE-a", CHILD, "Mồ côi cả cha và mẹ, đang sống với người thân thích", "NĐ 56/2017, Điều 3 khoản 3", False, True),
    ("TE-a4", "TE-a", CHILD, "Mồ côi cả cha và mẹ, được chăm sóc thay thế bởi người không phải người thân thích", "NĐ 56/2017, Điều 3 khoản 4", False, True),
    ("TE-b", None, CHILD, "Trẻ em bị bỏ rơi", "Luật Trẻ em, Điều 10 điểm b; NĐ 56/2017, Điều 4", False, True),
    ("TE-b1", "TE-b", CHILD, "Bị bỏ rơi, chưa được chăm sóc thay thế", "NĐ 56/2017, Điều 4 khoản 1", False, True),
    ("TE-b2", "TE-b", CHILD, "Bị bỏ rơi, đang được chăm sóc thay thế", "NĐ 56/2017, Điều 4 khoản 2", False, True),
    ("TE-c", None, CHILD, "Trẻ em không nơi nương tựa", "Luật Trẻ em, Điều 10 điểm c; NĐ 56/2017, Điều 5", False, False),
    ("TE-d", None, CHILD, "Trẻ em khuyết tật", "Luật Trẻ em, Điều 10 điểm d; NĐ 56/2017, Điều 6", True, False),
    ("TE-d1", "TE-d", CHILD, "Trẻ em khuyết tật đặc biệt nặng", "NĐ 56/2017, Điều 6", True, True),
    ("TE-d2", "TE-d", CHILD, "Trẻ em khuyết tật nặng", "NĐ 56/2017, Điều 6", True, True),
    ("TE-d3", "TE-d", CHILD, "Trẻ em khuyết tật nhẹ", "NĐ 56/2017, Điều 6", True, False),
    ("TE-dd", None, CHILD, "Trẻ em nhiễm HIV/AIDS", "Luật Trẻ em, Điều 10 điểm đ; NĐ 56/2017, Điều 7", True, True),
    ("TE-e", None, CHILD, "Trẻ em vi phạm pháp luật", "Luật Trẻ em, Điều 10 điểm e; NĐ 56/2017, Điều 8", True, False),
    ("TE-e1", "TE-e", CHILD, "Đang bị áp dụng biện pháp xử lý hành chính", "NĐ 56/2017, Điều 8 khoản 1", True, False),
    ("TE-e2", "TE-e", CHILD, "Bị áp dụng biện pháp xử lý hành chính, không có nơi cư trú ổn định", "NĐ 56/2017, Điều 8 khoản 2", True, False),
    ("TE-e3", "TE-e", CHILD, "Bị áp dụng biện pháp tư pháp hoặc chấp hành án", "NĐ 56/2017, Điều 8 khoản 3", True, False),
    ("TE-e4", "TE-e", CHILD, "Đã chấp hành xong án phạt tù hoặc biện pháp giáo dưỡng", "NĐ 56/2017, Điều 8 khoản 4", True, False),
    ("TE-g", None, CHILD, "Trẻ em nghiện ma túy", "Luật Trẻ em, Điều 10 điểm g; NĐ 56/2017, Điều 9", True, False),
    ("TE-g1", "TE-g", CHILD, "Đang cai nghiện tại cơ sở", "NĐ 56/2017, Điều 9 khoản 1", True, False),
    ("TE-g2", "TE-g", CHILD, "Đang cai nghiện tại gia đình, cộng đồng", "NĐ 56/2017, Điều 9 khoản 2", True, False),
    ("TE-h", None, CHILD, "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung học cơ sở", "Luật Trẻ em, Điều 10 điểm h; NĐ 56/2017, Điều 10", False, False),
    ("TE-h1", "TE-h", CHILD, "Bỏ học kiếm sống, không có người chăm sóc", "NĐ 56/2017, Điều 10 khoản 1", False, False),
    ("TE-h2", "TE-h", CHILD, "Bỏ học kiếm sống, đang sống với cha mẹ hoặc người chăm sóc", "NĐ 56/2017, Điều 10 khoản 2", False, False),
    ("TE-i", None, CHILD, "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực", "Luật Trẻ em, Điều 10 điểm i; NĐ 56/2017, Điều 11", True, False),
    ("TE-k", None, CHILD, "Trẻ em bị bóc lột", "Luật Trẻ em, Điều 10 điểm k; NĐ 56/2017, Điều 12", True, False),
    ("TE-k1", "TE-k", CHILD, "Bị bóc lột lao động trái pháp luật", "NĐ 56/2017, Điều 12 khoản 1", True, False),
    ("TE-k2", "TE-k", CHILD, "Bị sử dụng để sản xuất sản phẩm khiêu dâm", "NĐ 56/2017, Điều 12 khoản 2", True, False),
    ("TE-k3", "TE-k", CHILD, "Bị xâm hại tình dục vì mục đích thương mại, du lịch", "NĐ 56/2017, Điều 12 khoản 3", True, False),
    ("TE-k4", "TE-k", CHILD, "Bị sử dụng, lôi kéo vào sản xuất, mua bán ma túy, hàng cấm", "NĐ 56/2017, Điều 12 khoản 4", True, False),
    ("TE-k5", "TE-k", CHILD, "Bị bóc lột vì mục đích thu lợi khác", "NĐ 56/2017, Điều 12 khoản 5", True, False),
    ("TE-l", None, CHILD, "Trẻ em bị xâm hại tình dục", "Luật Trẻ em, Điều 10 điểm l; NĐ 56/2017, Điều 13", True, False),
    ("TE-l1", "TE-l", CHILD, "Bị hiếp dâm", "NĐ 56/2017, Điều 13 khoản 1", True, False),
    ("TE-l2", "TE-l", CHILD, "Bị cưỡng dâm", "NĐ 56/2017, Điều 13 khoản 2", True, False),
    ("TE-l3", "TE-l", CHILD, "Bị giao cấu", "NĐ 56/2017, Điều 13 khoản 3", True, False),
    ("TE-l4", "TE-l", CHILD, "Bị dâm ô", "NĐ 56/2017, Điều 13 khoản 4", True, False),
    ("TE-l5", "TE-l", CHILD, "Bị sử dụng vào mại dâm, khiêu dâm", "NĐ 56/2017, Điều 13 khoản 5", True, False),
    ("TE-m", None, CHILD, "Trẻ em bị mua bán", "Luật Trẻ em, Điều 10 điểm m; NĐ 56/2017, Điều 14", True, False),
    ("TE-m1", "TE-m", CHILD, "Đã được đưa trở về với cha mẹ", "NĐ 56/2017, Điều 14 khoản 1", True, False),
    ("TE-m2", "TE-m", CHILD, "Đã trở về, đang được chăm sóc thay thế", "NĐ 56/2017, Điều 14 khoản 2", True, False),
    ("TE-n", None, CHILD, "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo, hộ cận nghèo", "Luật Trẻ em, Điều 10 điểm n; NĐ 56/2017, Điều 15", True, False),
    ("TE-n1", "TE-n", CHILD, "Thuộc hộ nghèo", "NĐ 56/2017, Điều 15 khoản 1", True, False),
    ("TE-n2", "TE-n", CHILD, "Thuộc hộ cận nghèo", "NĐ 56/2017, Điều 15 khoản 2", True, False),
    ("TE-o", None, CHILD, "Trẻ em di cư, lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người chăm sóc", "Luật Trẻ em, Điều 10 điểm o; NĐ 56/2017, Điều 16", False, False),
    ("TE-o1", "TE-o", CHILD, "Trẻ em di cư trong nước", "NĐ 56/2017, Điều 16 khoản 1", False, False),
    ("TE-o2", "TE-o", CHILD, "Trẻ em có quốc tịch nước ngoài", "NĐ 56/2017, Điều 16 khoản 2", False, False),
    ("TE-o3", "TE-o", CHILD, "Trẻ em chưa xác định được quốc tịch", "NĐ 56/2017, Điều 16 khoản 3", False, False),
    # Other vulnerable groups named by the seeds and the indicators.
    ("YT-HIV", None, VUL, "Người nhiễm HIV/AIDS", "Luật Phòng, chống HIV/AIDS", True, False),
    ("YT-MATUY", None, VUL, "Người sử dụng, nghiện ma túy", "Luật Phòng, chống ma túy", True, False),
    ("YT-BAOLUC", None, VUL, "Nạn nhân bạo lực, bạo lực gia đình", "Luật Phòng, chống bạo lực gia đình", True, False),
    ("YT-MUABAN", None, VUL, "Nạn nhân bị mua bán", "Luật Phòng, chống mua bán người", True, False),
    ("YT-XINAN", None, VUL, "Người lang thang xin ăn", "NĐ 20/2021, Điều 24 khoản 2", False, False),
    ("YT-TAMTHAN", None, VUL, "Người tâm thần, người rối nhiễu tâm trí", "NĐ 103/2017, Điều 5", True, False),
    ("YT-CDHH", None, VUL, "Nạn nhân chất độc hóa học", "QĐ 112/QĐ-TTg, chỉ tiêu 5", True, True),
    ("YT-THIENTAI", None, VUL, "Người bị ảnh hưởng bởi thiên tai, thảm họa, dịch bệnh", "QĐ 112/QĐ-TTg, chỉ tiêu 5", False, True),
]


def load(apps, schema_editor):
    Ethnicity = apps.get_model("cases", "Ethnicity")
    Category = apps.get_model("cases", "Category")
    Ethnicity.objects.bulk_create([Ethnicity(code=c, name=n) for c, n in ETHNICITIES])
    by_code = {}
    for order, (code, parent, group, name, ref, sensitive, priority) in enumerate(CATEGORIES):
        by_code[code] = Category.objects.create(
            code=code,
            parent=by_code[parent] if parent else None,
            group=group,
            name=name,
            legal_reference=ref,
            sensitive=sensitive,
            priority_child=priority,
            sort_order=order,
        )


def unload(apps, schema_editor):
    apps.get_model("cases", "Category").objects.filter(parent__isnull=False).delete()
    apps.get_model("cases", "Category").objects.all().delete()
    apps.get_model("cases", "Ethnicity").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_beneficiary_register")]

    operations = [migrations.RunPython(load, unload)]
