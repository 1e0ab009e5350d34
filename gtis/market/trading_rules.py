"""The market rules (deliverable 23) as one check that every market action passes: submitting
and approving a listing, opening a deal, offering and signing. A refusal names the rule, in the
reader's language. Rules are data (models.TradingRule) that staff switch and parametrise.

The rules: the organisation is verified; it (and a listing's owner) has no active credit record
of the refused kinds (serious IP infringement, kept in the registry, written there by the IP
engine and staff); the technology is not on an elimination catalogue in force; the patents a
listing claims are valid."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation, Verification
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.market.choices import IPKind, TradingRuleCode
from gtis.market.models import Listing, TradingRule
from gtis.market.models.trading_rules import DEFAULT_PARAMETERS
from gtis.registry import selectors as registry
from gtis.registry.models import CreditKind

PATENT_KINDS = (IPKind.INVENTION_PATENT, IPKind.UTILITY_MODEL, IPKind.DESIGN)


def in_force() -> dict[str, dict[str, Any]]:
    """The rules switched on, with their parameters (a rule never set is on, as shipped)."""
    stored = {rule.code: rule for rule in TradingRule.objects.all()}
    found = {}
    for code, defaults in DEFAULT_PARAMETERS.items():
        rule = stored.get(code)
        if rule is None or rule.enabled:
            found[code] = {**defaults, **(rule.parameters if rule else {})}
    return found


def check(*, organisation: Organisation | None, listing: Listing | None = None) -> None:
    """Refuse, naming the rule, what the rules in force do not allow: `organisation` acting,
    and the technology of `listing`."""
    rules = in_force()
    unverified = organisation is not None and organisation.verification != Verification.VERIFIED
    if TradingRuleCode.VERIFIED_ORGANISATION in rules and unverified:
        _refuse(
            TradingRuleCode.VERIFIED_ORGANISATION,
            _("%(organisation)s is not verified on the platform.")
            % {"organisation": getattr(organisation, "name", "")},
        )
    if TradingRuleCode.NO_SERIOUS_INFRINGEMENT in rules:
        kinds = rules[TradingRuleCode.NO_SERIOUS_INFRINGEMENT].get("kinds", [])
        owner = listing.owner if listing is not None else None
        _check_credit(kinds, organisation, owner)
    if listing is None:
        return
    if TradingRuleCode.NOT_ELIMINATED in rules:
        _check_elimination(listing)
    if TradingRuleCode.VALID_PATENTS in rules:
        refused = rules[TradingRuleCode.VALID_PATENTS].get("refused_statuses", [])
        invalid = listing.ip_records.filter(kind__in=PATENT_KINDS, legal_status__in=refused)
        for record in invalid[:1]:
            _refuse(
                TradingRuleCode.VALID_PATENTS,
                _("Patent %(number)s is %(status)s.")
                % {"number": record.number, "status": record.get_legal_status_display()},
            )


def _check_credit(kinds: list[str], *parties: Organisation | None) -> None:
    """Refuse when the organisation acting, or the listing's owner, has an active credit
    record of `kinds`."""
    seen = set()
    for party in parties:
        if party is None or party.pk in seen:
            continue
        seen.add(party.pk)
        for record in registry.active_credit_records(party, kinds=kinds)[:1]:
            _refuse(
                TradingRuleCode.NO_SERIOUS_INFRINGEMENT,
                _("%(organisation)s has an active credit record: %(authority)s %(document)s.")
                % {
                    "organisation": party.name,
                    "authority": record.authority,
                    "document": record.document_number,
                },
            )


def _check_elimination(listing: Listing) -> None:
    from gtis.catalog import selectors as catalog

    # The title names the technology. A summary often names what it replaces, and a catalogue
    # code is where the eliminated product's efficient successors are promoted: neither is it.
    text = " ".join([listing.title, listing.title_en])
    for match in catalog.elimination_check(on=timezone.localdate(), text=text)[:1]:
        _refuse(
            TradingRuleCode.NOT_ELIMINATED,
            _("It falls under “%(entry)s” of %(edition)s.")
            % {"entry": match.entry.title, "edition": match.entry.edition},
        )


def _refuse(code: str, detail: str) -> None:
    rule = TradingRuleCode(code).label
    raise ValidationError(
        _("Refused by the market rule “%(rule)s”: %(detail)s") % {"rule": rule, "detail": detail},
        code=code,
    )


def set_rule(*, actor: Any, code: str, enabled: bool, parameters: dict[str, Any]) -> TradingRule:
    """Switch a rule on or off and set its parameters (staff); audited and kept in history."""
    require(actor, "market.change_tradingrule")
    if code not in TradingRuleCode.values:
        raise ValidationError({"code": _("Unknown rule.")})
    if not isinstance(parameters, dict):
        raise ValidationError({"parameters": _("Give the parameters as a JSON object.")})
    unknown = set(parameters) - set(DEFAULT_PARAMETERS[code])
    if unknown:
        raise ValidationError(
            {
                "parameters": _("Unknown parameters: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    kinds = parameters.get("kinds", [])
    if not isinstance(kinds, list) or any(kind not in CreditKind.values for kind in kinds):
        raise ValidationError(
            {
                "parameters": _("Give the kinds as a list of: %(kinds)s.")
                % {"kinds": ", ".join(CreditKind.values)}
            }
        )
    with transaction.atomic():
        rule, _created = TradingRule.objects.select_for_update().get_or_create(code=code)
        before = {"enabled": rule.enabled, "parameters": rule.parameters}
        rule.enabled, rule.parameters = enabled, parameters
        rule.updated_by = rule._history_user = as_user(actor)  # type: ignore[attr-defined]
        rule.full_clean()
        rule.save()
        audit.record(
            actor=actor,
            action="set_rule",
            obj=rule,
            changes={"before": before, "after": {"enabled": enabled, "parameters": parameters}},
        )
    return rule
