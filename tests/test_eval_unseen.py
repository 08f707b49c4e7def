"""The aligner on a notice of a kind it was never tuned on: a national-style notice (no responsibility notes, its
own paraphrases of the reforms), written for this test in the style of the State Council's key-task notices."""

from __future__ import annotations

import pytest

from hrcli.align.evaluate import predicted_pairs
from hrcli.align.matcher import Matcher, align_tasks
from hrcli.analyse.enrich import enrich
from hrcli.analyse.topics import load_topics
from hrcli.config import load_matching
from hrcli.parse.notice import parse_notice

from .conftest import shared

NATIONAL = """国务院办公厅关于印发深化医药卫生体制改革2023年下半年重点工作任务的通知

一、促进优质医疗资源扩容和区域均衡布局
(一)推进国家医学中心和国家区域医疗中心建设。制定国家区域医疗中心建设实施方案,推动优质医疗资源向中西部和资源薄弱地区扩容下沉,提升重点专科服务能力。
(二)加快建设医联体。发展城市医疗集团和县域医共体,推进紧密型县域医共体建设,推动专科联盟和远程医疗协作网发展,促进资源下沉和上下联动。
二、深化以公益性为导向的公立医院改革
(三)制定公立医院高质量发展实施方案。研究制定推动公立医院高质量发展的实施方案,健全现代医院管理制度,开展公立医院绩效考核。
(四)深化医疗服务价格改革。建立医疗服务价格动态调整机制,理顺比价关系,支持技术劳务价值体现。
(五)深化薪酬制度改革。落实"两个允许"要求,合理确定公立医院薪酬水平,完善内部分配制度。
三、促进医保、医疗、医药协同发展和治理
(六)常态化开展药品和医用耗材集中带量采购。落实中选结果,执行医保资金结余留用政策。
(七)深化医保支付方式改革。推进按病种付费,加快DRG/DIP支付方式改革覆盖所有统筹地区。
四、健全公共卫生体系
(八)深化疾病预防控制体系改革。完善疾控机构职能设置,提升监测预警和应急处置能力。
(九)深入开展健康中国行动和爱国卫生运动。推进健康城市建设,普及健康生活方式。
"""


@pytest.fixture(scope=shared("module"))
def national():
    from hrcli.settings import Settings

    return enrich(parse_notice(NATIONAL, "national"), Settings())


@pytest.fixture(scope=shared("module"))
def matcher(notices, national):
    return Matcher(load_matching(), load_topics(), [*notices.values(), national])


def pairs(matcher, national, notice):
    return predicted_pairs(align_tasks([national, notice], matcher), national, notice)


@pytest.mark.parametrize("region,number", [("nanchang", 10), ("qinghai", 11), ("sixian", 12), ("linfen", 3)])
def test_medical_alliances_in_general_meet_each_regions_form_of_them(notices, national, matcher, region, number):
    # 医联体 (城市医疗集团, 县域医共体, 专科联盟, 远程医疗协作网) against 医联体规范发展 / 县域紧密型医共体 /
    # 紧密型县域医共体 / 县域医疗卫生一体化 with 专科联盟 and 远程医疗.
    assert (2, number) in pairs(matcher, national, notices[region])


@pytest.mark.parametrize("region,number", [("nanchang", 7), ("qinghai", 7), ("sixian", 7), ("linfen", 15)])
def test_making_the_plan_for_a_reform_meets_the_task_that_does_it(notices, national, matcher, region, number):
    assert (3, number) in pairs(matcher, national, notices[region])


@pytest.mark.parametrize("region,number", [("linfen", 11), ("sixian", 5), ("nanchang", 17)])
def test_the_healthy_china_campaign_meets_each_regions_healthy_city_campaign(notices, national, matcher, region, number):
    assert (9, number) in pairs(matcher, national, notices[region])


def test_recall_and_precision_on_the_unseen_notice(notices, national, matcher):
    # Expected partners, read from the notices (one core partner per national task where a region has one).
    expected = {
        "linfen": {(1, 1), (2, 3), (3, 15), (5, 8), (6, 6), (7, 7), (8, 13), (9, 11)},
        "qinghai": {(1, 6), (2, 11), (3, 7), (4, 17), (5, 8), (6, 19), (7, 16), (8, 4)},
        "nanchang": {(1, 8), (2, 10), (3, 7), (4, 3), (5, 5), (6, 2), (7, 6), (8, 16), (9, 17)},
        "sixian": {(1, 11), (2, 12), (3, 7), (6, 18), (7, 14), (8, 3), (9, 5)},
    }
    found = {region: pairs(matcher, national, notices[region]) for region in expected}
    hits = sum(len(found[r] & expected[r]) for r in expected)
    recall = hits / sum(len(e) for e in expected.values())
    precision = hits / sum(len(f) for f in found.values())
    assert recall >= 0.95 and precision >= 0.9, (recall, precision, {r: found[r] ^ expected[r] for r in expected})


def test_a_notice_without_units_never_gets_different_lead(notices, national, matcher):
    assert all(not task.departments for task in national.tasks)
    for region in ("linfen", "qinghai", "nanchang", "sixian"):
        alignment = align_tasks([national, notices[region]], matcher)
        assert all("different lead" not in row.label for row in alignment.rows)
