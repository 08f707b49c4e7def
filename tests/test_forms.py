"""Forms of writing a notice that the five corpus notices do not use, each on a realistic excerpt.

The excerpts are written in the style of real notices of other levels and years (国务院办公厅 国办发,
a province, a 直辖市 whose 市 offices are provincial, a county), with the debris web copies carry.
"""

from __future__ import annotations

import pytest

from hrcli.analyse.departments import load_departments


@pytest.fixture(scope="module")
def index():
    return load_departments()


# Names of other levels, regions and eras, with the body each must resolve to.
OTHER_NAMES = {
    "health": ["国家卫生健康委", "国家卫生计生委", "市卫生健康委员会", "区卫生健康委", "旗卫健委", "县卫计局"],
    "healthcare_security": ["国家医保局", "县医保分局", "区医疗保障局"],
    "finance": ["财政部", "区财政局"],
    "development_reform": ["国家发展改革委", "区发展改革委"],
    "human_resources": ["人力资源社会保障部", "市人力社保局", "县人力社保局"],
    "education": ["市教委", "教育部", "区教委"],
    "industry_it": ["工业和信息化部", "市经济信息化委", "市经信局"],
    "drug_administration": ["国家药监局", "市食品药品监管局", "食品药品监管局", "国家食品药品监管总局"],
    "market_regulation": ["国家市场监管总局", "市工商局"],
    "tcm_administration": ["国家中医药局", "市中医局", "市中医管理局"],
    "disease_control": ["国家疾控局"],
    "healthreform_office": ["国务院医改办"],
    "staffing_office": ["中央编办"],
    "science_technology": ["科技部", "市科委"],
    "natural_resources": ["市规划自然资源委"],
    "housing": ["市住房城乡建设委"],
    "audit": ["审计署"],
    "taxation": ["税务总局"],
    "disabled_federation": ["中国残联"],
    "banking_insurance_regulation": ["市保监局"],
    "government_office": ["县政府办", "省政府办公厅"],
    "lower_governments": ["各区人民政府", "各乡镇(街道)", "街道办事处", "各省(区、市)", "各盟市人民政府"],
}


@pytest.mark.parametrize("key,name", [(key, name) for key, names in OTHER_NAMES.items() for name in names])
def test_names_of_other_levels_regions_and_eras_resolve(index, key, name):
    assert index.resolve(name) == key
