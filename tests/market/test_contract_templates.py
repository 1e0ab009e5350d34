"""Model contracts of the four statutory types: the files load and a broken one is refused
naming the file, line and key; the public pages; a deal's draft filled with its values, for
its parties and staff only. And the staff page of disputed deals."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gtis.core.roles import Role
from gtis.market import contracts, deals
from gtis.market.choices import ContractType, DealState
from gtis.market.contracts import ContractTemplateError
from gtis.market.models import Deal
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_deals import contracted
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    return published(seller, office, organisation, [green_fields["1.1.1"]])


@pytest.fixture
def deal(buyer, listing):
    return deals.open_inquiry(actor=buyer, listing=listing, message="能否提供示范项目数据？")


def english_user(user):
    user.language = "en"
    user.save()
    return user


# The files ------------------------------------------------------------------------------------


def test_the_four_model_contracts_load_with_every_clause_in_both_languages():
    templates = contracts.all_templates()
    assert [t.type for t in templates] == ContractType.values
    for template in templates:
        keys = [clause.key for clause in template.clauses]
        assert set(contracts.COMMON_CLAUSES) <= set(keys)
        assert all(clause.text.zh and clause.text.en for clause in template.clauses)
        assert "技术合同示范文本" in template.source.zh
        assert "the platform's own" in template.source.en.replace(
            "this platform's", "the platform's"
        )
    development, transfer = contracts.load("development"), contracts.load("transfer")
    assert "risk" in [c.key for c in development.clauses]
    assert "improvements" in [c.key for c in transfer.clauses]
    assert transfer.title.zh == "技术转让合同"


def broken(tmp_path, old, new, name="transfer"):
    text = (contracts.DIRECTORY / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / f"{name}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContractTemplateError) as error:
        contracts.load(name, directory=tmp_path)
    return str(error.value)


def test_a_clause_without_its_english_text_is_refused_naming_the_file_line_and_key(tmp_path):
    message = broken(
        tmp_path,
        '      en: "Party B delivers the technical documents',
        '      fr: "Party B delivers the technical documents',
    )
    text = (tmp_path / "transfer.yaml").read_text(encoding="utf-8").splitlines()
    # The line of the text mapping that lacks it (it starts with its "zh" key).
    line = next(i for i, row in enumerate(text, 1) if "fr: " in row) - 1
    assert message == f"transfer.yaml, line {line}, clauses[4].text.en: is missing"


def test_an_unknown_placeholder_a_missing_clause_and_bad_yaml_are_refused(tmp_path):
    assert "clauses[5].text.zh: names an unknown placeholder {price}" in broken(
        tmp_path, "人民币{price_yuan}元", "人民币{price}元"
    )
    assert broken(tmp_path, "key: improvements", "key: later_results").endswith(
        "clauses: lacks the clauses improvements"
    )
    assert broken(tmp_path, "type: transfer", "type: service").endswith("type: must be 'transfer'")
    assert broken(tmp_path, "clauses:\n", "clauses: [\n").startswith("transfer.yaml, line ")


def test_a_blank_template_leaves_blanks_and_a_deal_fills_its_values(deal, buyer, seller):
    blank = contracts.fill(contracts.load("transfer"))
    assert "________" in blank[0].text and "{" not in blank[0].text
    contracted(deal, buyer, seller)
    deals.add_milestone(actor=seller, deal=deal, title="首付款", amount="600000", due_on=TODAY)
    deal = Deal.objects.get(pk=deal.pk)
    values = contracts.deal_values(deal)
    assert values["price_yuan"] == "1,200,000.00"
    assert values["milestones"] == f"首付款: 600,000.00 yuan, due by {TODAY:%Y-%m-%d}"
    assert values["signed_on"] == f"{TODAY:%Y-%m-%d}"
    assert values["registration_number"] == "________"
    assert values["buyer_credit_code"] == deal.buyer.credit_code


# The pages -------------------------------------------------------------------------------------


def test_the_model_contracts_are_public_in_the_readers_language(client):
    listed = client.get(reverse("market:contract_templates")).content.decode()
    assert all(reverse("market:contract_template", args=[t]) in listed for t in ContractType.values)
    chinese = client.get(reverse("market:contract_template", args=["development"]))
    assert "风险责任的承担" in chinese.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("market:contract_template", args=["development"])).content.decode()
    assert "Bearing of the risk" in english and "风险责任的承担" not in english
    assert "market/contract.css" in english  # the print stylesheet
    assert client.get(reverse("market:contract_template", args=["lease"])).status_code == 404


def test_the_deal_room_links_the_draft_filled_with_the_parties_and_price(
    client, deal, buyer, seller
):
    contracted(deal, buyer, seller)
    client.force_login(english_user(buyer))
    room = client.get(deal.get_absolute_url()).content.decode()
    url = reverse("market:deal_contract", args=[deal.pk])
    assert url in room

    page = client.get(url).content.decode()
    assert "Technology transfer contract" in page
    assert "华清绿能科技有限公司" in page and "示例钢铁股份有限公司" in page
    assert "1,200,000.00 yuan" in page
    assert deal.buyer.credit_code in page
    # Signed as a transfer contract: the type is the deal's, whatever is asked.
    assert "Technology transfer contract" in client.get(url, {"type": "service"}).content.decode()


def test_before_signing_the_parties_pick_the_type_and_read_it_in_chinese(client, deal, seller):
    client.force_login(seller)  # Chinese, the default
    page = client.get(reverse("market:deal_contract", args=[deal.pk]), {"type": "consulting"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "技术咨询合同" in text and "示例钢铁股份有限公司" in text
    assert 'data-testid="contract-type-service"' in text
    # The listing is offered by ordinary licence: a transfer contract is suggested.
    suggested = client.get(reverse("market:deal_contract", args=[deal.pk])).content.decode()
    assert "技术转让合同" in suggested


def test_only_the_parties_and_staff_read_a_deals_contract(client, deal, office):
    url = reverse("market:deal_contract", args=[deal.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(organisation=OrganisationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 200


# Disputes -------------------------------------------------------------------------------------


def disputed(deal, buyer, seller, reason="交付的图纸不完整。"):
    contracted(deal, buyer, seller)
    return deals.dispute_deal(actor=buyer, deal=deal, reason=reason)


def test_staff_see_disputed_deals_with_parties_reason_and_since_when(
    client, deal, buyer, seller, office
):
    disputed(deal, buyer, seller)
    client.force_login(english_user(office))
    response = client.get(reverse("market:disputes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "交付的图纸不完整。" in page
    assert "华清绿能科技有限公司" in page and "示例钢铁股份有限公司" in page
    row = response.context["rows"][0][0]
    assert (
        row.disputed_since is not None
        and timezone.localdate(row.disputed_since) == timezone.localdate()
    )
    assert reverse("market:deal_act", args=[deal.pk, "resolve"]) in page
    assert reverse("market:deal_act", args=[deal.pk, "cancel"]) in page
    assert reverse("market:disputes") in client.get(reverse("market:moderation")).content.decode()


def test_a_decision_posted_from_the_disputes_page_settles_the_dispute(
    client, deal, buyer, seller, office
):
    disputed(deal, buyer, seller)
    client.force_login(office)
    client.post(
        reverse("market:deal_act", args=[deal.pk, "resolve"]),
        {"resolve-reason": "卖方已补交图纸。"},
    )
    assert Deal.objects.get().state == DealState.CONTRACTED
    assert client.get(reverse("market:disputes")).context["rows"] == []


def test_members_may_not_open_the_disputes_page_nor_decide(client, deal, buyer, seller, users):
    disputed(deal, buyer, seller)
    assert client.get(reverse("market:disputes")).status_code == 302
    for user in (buyer, users[Role.ORGANISATION_MEMBER]):
        client.force_login(user)
        assert client.get(reverse("market:disputes")).status_code == 403
    client.force_login(buyer)
    client.post(
        reverse("market:deal_act", args=[deal.pk, "resolve"]), {"resolve-reason": "自行了结"}
    )
    assert Deal.objects.get().state == DealState.DISPUTED


def test_the_disputes_page_takes_the_same_queries_for_more_disputes(
    client, deal, buyer, seller, office, listing
):
    disputed(deal, buyer, seller)
    client.force_login(office)
    client.get(reverse("market:disputes"))  # warm the content type cache
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("market:disputes"))
    other_buyer = UserFactory(organisation=OrganisationFactory(name="另一家钢铁公司"))
    second = deals.open_inquiry(actor=other_buyer, listing=listing, message="价格？")
    disputed(second, other_buyer, seller, reason="付款逾期。")
    with CaptureQueriesContext(connection) as two:
        response = client.get(reverse("market:disputes"))
    assert len(response.context["rows"]) == 2
    assert len(one) == len(two), [q["sql"] for q in two.captured_queries]
