"""The CTXH service catalogue (Decree 110/2024 services and the social
assistance of Decree 20/2021), shared by service records and referrals."""

from django.db import migrations

# code, name, group, counts_as_ctxh_service, counts_as_assistance
CATALOGUE = [
    ("tu_van", "Tư vấn, tham vấn", "counselling", True, False),
    ("tu_van_chinh_sach", "Tư vấn chính sách trợ giúp xã hội", "counselling", True, False),
    ("ho_tro_tam_ly", "Hỗ trợ tâm lý – xã hội, trị liệu", "psychosocial", True, False),
    ("quan_ly_truong_hop", "Quản lý trường hợp", "psychosocial", True, False),
    ("ket_noi_y_te", "Kết nối khám, chữa bệnh, phục hồi chức năng", "health_linkage", True, False),
    ("ho_tro_giao_duc", "Hỗ trợ giáo dục, đi học", "education", True, False),
    ("dao_tao_nghe", "Đào tạo nghề", "vocational", True, False),
    ("gioi_thieu_viec_lam", "Giới thiệu việc làm", "job_placement", True, False),
    ("tro_giup_phap_ly", "Trợ giúp pháp lý", "legal_aid", True, False),
    ("cham_soc_khan_cap", "Tiếp nhận, chăm sóc khẩn cấp, tạm lánh", "emergency_shelter", True, True),
    ("cham_soc_thay_the", "Chăm sóc thay thế (nhận chăm sóc, nuôi dưỡng)", "foster_care", True, True),
    ("tro_cap_hang_thang", "Trợ cấp xã hội hằng tháng", "monthly_allowance", False, True),
    ("the_bhyt", "Cấp thẻ bảo hiểm y tế", "health_insurance", False, True),
    ("tro_giup_khan_cap", "Trợ giúp khẩn cấp (lương thực, nhà ở, mai táng…)", "emergency_support", False, True),
    ("cham_soc_tai_co_so", "Chăm sóc, nuôi dưỡng tại cơ sở trợ giúp xã hội", "facility_care", True, True),
]


def load(apps, schema_editor):
    ServiceType = apps.get_model("facilities", "ServiceType")
    for order, (code, name, group, ctxh, assistance) in enumerate(CATALOGUE, start=1):
        ServiceType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "counts_as_ctxh_service": ctxh,
                "counts_as_assistance": assistance,
                "sort_order": order * 10,
            },
        )


def unload(apps, schema_editor):
    ServiceType = apps.get_model("facilities", "ServiceType")
    ServiceType.objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_facility_network")]

    operations = [migrations.RunPython(load, unload)]
