"""A demo credit record: an enterprise once listed for serious IP infringement, since repaired
(信用修复), so it shows on its page and the market lets it trade. The deciding authority is
invented, as the enterprise is."""

import datetime
from typing import TextIO

from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.demo.organisations import named
from gtis.registry.models import CreditKind, CreditRecord

ORGANISATION = "示例清风节能装备有限公司"
AUTHORITY = "示例市市场监督管理局（知识产权局）"
DOCUMENT_NUMBER = "示市监知信〔2021〕7号"


def load(out: TextIO) -> None:
    organisation = named([ORGANISATION])[ORGANISATION]
    if CreditRecord.objects.filter(
        organisation=organisation, authority=AUTHORITY, document_number=DOCUMENT_NUMBER
    ).exists():
        out.write("registry demo: 0 credit records added\n")
        return
    record = services.record_credit_event(
        actor=SYSTEM,
        organisation=organisation,
        kind=CreditKind.SERIOUS_IP_INFRINGEMENT,
        authority=AUTHORITY,
        document_number=DOCUMENT_NUMBER,
        decided_on=datetime.date(2021, 9, 15),
        summary="重复专利侵权行为，列入知识产权领域严重失信主体名单。",
    )
    services.repair_credit_record(
        actor=SYSTEM,
        record=record,
        repaired_on=datetime.date(2023, 3, 20),
        reason="已停止侵权、履行赔偿义务并公开作出信用承诺，经申请予以信用修复，移出名单。",
    )
    out.write("registry demo: 1 credit record added (repaired)\n")
