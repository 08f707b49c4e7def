"""A region that splits one task of another region into three parts: the three sit in one row."""

from __future__ import annotations

import json

CLOSING = "各有关部门要加强协调配合,确保各项任务落到实处。\n"
CITY = """甲市2023年深化医药卫生体制改革重点工作任务
一、重点任务
(一)深化医保支付方式改革。全面推行按疾病诊断相关分组付费,二级以上公立医院DRG付费全覆盖;扩大按病种分值付费范围,将中医优势病种纳入按病种分值付费;推进紧密型县域医共体医保基金总额付费,健全结余留用、合理超支分担机制。(市医保局负责)
(二)加强疾病预防控制体系建设。改革完善疾病预防控制体系,加强疾控机构实验室检测能力建设,完善传染病监测预警机制。(市卫健委负责)
(三)推进中医药传承创新发展。建设中医优势专科,推广中医适宜技术,提升基层中医药服务能力。(市卫健委负责)
(四)加强卫生健康信息化建设。推进全民健康信息平台建设,推动电子健康档案和电子病历互通共享。(市卫健委负责)
""" + CLOSING
# The county gives each of the city's three payment measures (DRG, DIP, the medical community's global budget) a task.
COUNTY = """乙县2023年深化医药卫生体制改革重点工作任务
一、重点任务
(一)推行DRG付费。全面推行按疾病诊断相关分组付费,县级公立医院DRG付费全覆盖。(县医保局负责)
(二)扩大按病种分值付费范围。将中医优势病种纳入按病种分值付费,逐步扩大病种范围。(县医保局负责)
(三)推进医共体医保基金总额付费。对紧密型县域医共体实行医保基金总额付费,健全结余留用、合理超支分担机制。(县医保局负责)
(四)完善疾病预防控制体系。加强县疾控中心实验室检测能力建设,完善传染病监测预警机制。(县卫健局负责)
(五)发展中医药事业。建设中医优势专科,推广中医适宜技术。(县卫健局负责)
(六)推进卫生信息化建设。完善全民健康信息平台,推动电子病历互通共享。(县卫健局负责)
""" + CLOSING


def test_a_task_split_in_three_keeps_its_three_parts_in_one_row(cli, tmp_path):
    (tmp_path / "shi.txt").write_text(CITY, encoding="utf-8")
    (tmp_path / "xian.txt").write_text(COUNTY, encoding="utf-8")
    result = cli(["--corpus", str(tmp_path), "compare", "shi", "xian", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows = [{region: [task["number"] for task in tasks] for region, tasks in row["tasks"].items()} | {"label": row["label"]}
            for row in json.loads(result.stdout)["rows"]]
    assert rows == [
        {"shi": [1], "xian": [1, 2, 3], "label": "partial: split topic"},
        {"shi": [2], "xian": [4], "label": "same measure"},
        {"shi": [3], "xian": [5], "label": "same measure"},
        {"shi": [4], "xian": [6], "label": "same measure"},
    ]

