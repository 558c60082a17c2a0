"""Test files for the import tests: .xlsx and .csv built in memory."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = ["Tên đăng nhập", "Họ và tên", "Ngày sinh", "Mã xã", "Số điện thoại", "Số tiền"]


def xlsx_file(rows, *, header=HEADER, name="danh-sach.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, *, header=HEADER, name="danh-sach.csv", encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))
