"""Forms of campaign tiers and third-party evaluation: the campaign a decided list is
recommended to, a recommending unit's quota, the application's evaluator and its pledge."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from gtis.accounts.models import Department
from gtis.assessment import evaluators, tiers
from gtis.assessment.models import Campaign


class TierSettingsForm(forms.Form):
    feeds = forms.ModelChoiceField(
        label=gettext_lazy("Recommends to"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=gettext_lazy("No higher-tier campaign"),
        help_text=gettext_lazy(
            "A campaign of the same scheme version at a higher tier, still taking candidates."
        ),
    )

    evaluator_cap = forms.IntegerField(
        label=gettext_lazy("Applications per third-party evaluator"),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=gettext_lazy("Empty: no cap."),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        initial = {"feeds": campaign.feeds_id, "evaluator_cap": campaign.evaluator_cap}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        choices = tiers.higher_tier_choices(campaign)
        if campaign.feeds_id:
            choices = choices | Campaign.objects.filter(pk=campaign.feeds_id)
        self.fields["feeds"].queryset = choices  # type: ignore[attr-defined]


class QuotaForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Recommending unit"), queryset=Department.objects.filter(is_active=True)
    )
    quota = forms.IntegerField(label=gettext_lazy("Quota"), min_value=0, max_value=32767)


class EvaluatorForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        label=gettext_lazy("Third-party evaluator"),
        queryset=evaluators.possible_evaluators(),
        help_text=gettext_lazy(
            "The agency that wrote the third-party evaluation report; its staff sign the "
            "liability pledge here before you submit."
        ),
    )


class LiabilityPledgeForm(forms.Form):
    pledge = forms.BooleanField(
        label=gettext_lazy(
            "We pledge that our evaluation report on this application is true, objective and "
            "independent, and our organisation answers for it."
        ),
        required=False,
    )
