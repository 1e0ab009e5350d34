"""Demo organisations and one user for every role (`gtis load-demo`)."""

from typing import TextIO

from gtis.accounts import services
from gtis.accounts.models import (
    Department,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    User,
    Verification,
)
from gtis.core.actors import SYSTEM
from gtis.core.roles import Role

# Shown on the login page in debug mode only.
DEMO_PASSWORD = "Gtis-Demo-2026"

DEMO_ORGANISATIONS = [
    # name, English name, unified social credit code, kind, province (GB/T 2260), city
    (
        "华清绿能科技有限公司",
        "Huaqing Green Energy Technology Co., Ltd.",
        "91110108MA01ABCD2H",
        OrganisationKind.ENTERPRISE,
        "11",
        "北京市海淀区",
    ),
    (
        "清源大学",
        "Qingyuan University",
        "12100000400001230J",
        OrganisationKind.UNIVERSITY,
        "11",
        "北京市",
    ),
    (
        "中绿技术交易服务有限公司",
        "Zhonglü Technology Exchange Services Co., Ltd.",
        "91310115MA1K3E4F55",
        OrganisationKind.INTERMEDIARY,
        "31",
        "上海市浦东新区",
    ),
    (
        "绿金商业银行股份有限公司",
        "Lüjin Commercial Bank Co., Ltd.",
        "91440300MA5GREEN1R",
        OrganisationKind.FINANCIAL_INSTITUTION,
        "44",
        "深圳市",
    ),
]

DEMO_USERS = [
    # username, full name, role, department code or organisation name, role in the organisation
    ("office", "王敏", Role.COORDINATING_OFFICE, "most", ""),
    ("most_officer", "李强", Role.DEPARTMENT_OFFICER, "most", ""),
    ("ndrc_officer", "张伟", Role.DEPARTMENT_OFFICER, "ndrc", ""),
    (
        "enterprise",
        "陈静",
        Role.ORGANISATION_MEMBER,
        "华清绿能科技有限公司",
        OrganisationRole.ADMIN,
    ),
    ("broker", "刘洋", Role.BROKER, "中绿技术交易服务有限公司", OrganisationRole.MEMBER),
    (
        "bank",
        "赵磊",
        Role.FINANCIAL_INSTITUTION,
        "绿金商业银行股份有限公司",
        OrganisationRole.MEMBER,
    ),
    ("expert", "孙丽", Role.EXPERT, "清源大学", OrganisationRole.MEMBER),
    ("admin", "周晨", Role.PLATFORM_ADMIN, "", ""),
]


def load(out: TextIO) -> None:
    organisations = 0
    for name, name_en, credit_code, kind, province, city in DEMO_ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            organisation = services.create_organisation(
                actor=SYSTEM,
                name=name,
                name_en=name_en,
                credit_code=credit_code,
                kind=kind,
                province=province,
                city=city,
            )
            services.set_verification(
                actor=SYSTEM, organisation=organisation, status=Verification.VERIFIED
            )
            organisations += 1
    users = 0
    for username, full_name, role, affiliation, organisation_role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        department = Department.objects.filter(code=affiliation).first()
        member_of = Organisation.objects.filter(name=affiliation).first()
        services.create_user(
            actor=SYSTEM,
            password=DEMO_PASSWORD,
            username=username,
            full_name=full_name,
            email=f"{username}@demo.gtis.invalid",
            role=role,
            department=department,
            organisation=member_of,
            organisation_role=organisation_role,
        )
        users += 1
    out.write(f"demo: {organisations} organisations and {users} users added\n")
