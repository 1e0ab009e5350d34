"""The assessment API: schemes and their versions, campaigns and their actions, applications
with their materials and actions, experts' assignments and blind scoring sheets, objections
during the public notice, and certificates.

Reads come from the engine's selectors and restricted querysets; every write goes through the
same service the pages call, which checks the permission again, validates naming the field,
runs in one transaction and is audited."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.assessment import actions, campaigns, decisions, selectors, services, tiers
from gtis.assessment.api import serializers
from gtis.assessment.api.tier_views import ApplicationTierActions, CampaignTierActions
from gtis.assessment.models import (
    Application,
    AssessmentCertificate,
    Campaign,
    Objection,
    PanelAssignment,
    Scheme,
    ScoreSheet,
)
from gtis.core.models import Attachment
from gtis.core.permissions import require


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment schemes, public, each with every version's full definition; by code.
    Staff post a new version in YAML."""

    queryset = Scheme.objects.all()
    serializer_class = serializers.SchemeSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []
    permission_map = {"create": "assessment.change_scheme"}

    def get_queryset(self) -> QuerySet[Scheme]:
        return selectors.scheme_list()

    @extend_schema(
        request=serializers.SchemeVersionWriteSerializer,
        responses={201: serializers.SchemeSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new version of a scheme, or the first of a new one, in the schemes' YAML format;
        a refusal names the line and the key under `source`."""
        data = serializers.SchemeVersionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.save_scheme_version(actor=request.user, **data.validated_data)
        scheme = self.get_queryset().get(pk=version.scheme_id)
        return Response(self.get_serializer(scheme).data, status=status.HTTP_201_CREATED)


class CampaignViewSet(CampaignTierActions, viewsets.ReadOnlyModelViewSet):
    """Campaigns, public: the scheme version each keeps, organiser, tier, window, `state` and
    the `actions` you may take now; the campaign it recommends to (`feeds`), those recommending
    to it (`fed_by`) and the recommending units' `quotas` with their use. Staff create one and
    take its actions with `act`; the `ranking` is for staff, the `proposed` list public once the
    notice is published."""

    queryset = (
        Campaign.objects.select_related("version__scheme")
        .prefetch_related("fed_by", Prefetch("quotas", queryset=tiers.quotas_with_use()))
        .order_by("-opens_on", "-pk")
    )
    serializer_class = serializers.CampaignSerializer
    filter_backends: list[Any] = []
    # Who may act is the services' business.
    permission_map = {
        "act": None,
        "ranking": "assessment.change_campaign",
        "proposed": "assessment.view_campaign",
    }

    @extend_schema(
        request=serializers.CampaignWriteSerializer, responses={201: serializers.CampaignSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A campaign (draft) of one scheme version, which it keeps whatever versions come
        later."""
        data = serializers.CampaignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = campaigns.create_campaign(actor=request.user, **data.validated_data)
        return Response(self._read(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.CampaignActionSerializer, responses=serializers.CampaignSerializer
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the campaign's `actions`; a refusal names the state or what is missing
        (experts' scores, unanswered objections, the notice still running)."""
        campaign = self.get_object()
        choice = serializers.CampaignActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        actions.CAMPAIGN_ACTIONS[choice.validated_data["action"]].service(
            actor=request.user, campaign=campaign
        )
        return Response(self._read(campaign))

    @extend_schema(responses=serializers.RankingRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request: Request, pk: Any = None) -> Response:
        """Staff: the submitted applications best first, with the panel's score once enough
        experts have scored, the grade within the campaign and whether the scheme passes it."""
        campaign = self.get_object()
        rows = [
            {
                "application": application.pk,
                "subject": application.subject,
                "applicant": application.applicant_id,
                "applicant_name": application.applicant.name,
                "score": result.score,
                "grade": grade,
                "passed": result.decision.passed if result.decision else None,
                "reasons": list(result.decision.reasons) if result.decision else [],
            }
            for application, result, grade in selectors.campaign_ranking(campaign)
        ]
        return Response(serializers.RankingRowSerializer(rows, many=True).data)

    @extend_schema(responses=serializers.ProposedSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def proposed(self, request: Request, pk: Any = None) -> Response:
        """Public once the notice is published: the proposed list, best first, each with its
        certificate after the decision (empty before the notice)."""
        campaign = self.get_object()
        rows = selectors.proposed_list(campaign)
        context = self.get_serializer_context()
        return Response(serializers.ProposedSerializer(rows, many=True, context=context).data)

    def _read(self, campaign: Campaign) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data  # type: ignore[no-any-return]


# Fields of an application's `act` that each action's service takes.
APPLICATION_ACTION_DATA: dict[str, dict[str, Any]] = {
    "submit": {"pledge": False},
    "return": {"reason": ""},
    "resolve": {"outcome": "", "reasons": ""},
}


class ApplicationViewSet(ApplicationTierActions, viewsets.ReadOnlyModelViewSet):
    """Applications: an organisation's own, those of an expert's panels once they declared no
    conflict, every one for staff; each with the `actions` you may take now. An organisation
    creates a draft (POST) and saves it (PATCH) while it is a draft or returned, attaches
    `materials`, and takes the actions with `act`; anyone objects to one on a proposed list
    (`objections`), which staff read."""

    queryset = Application.objects.all()
    serializer_class = serializers.ApplicationSerializer
    filter_backends: list[Any] = []
    # Who may see one is the queryset's business; who may act, the services'.
    permission_map = {
        "list": None,
        "retrieve": None,
        "act": None,
        "materials": None,
        "objections": "assessment.view_campaign",
    }

    def get_queryset(self) -> QuerySet[Application]:
        return (
            Application.objects.restrict(self.request.user, "view")
            .select_related("campaign__version")
            .prefetch_related("panel__expert", "fields", "resolutions")
            .order_by("-updated_at", "-pk")
        )

    @extend_schema(
        request=serializers.ApplicationWriteSerializer,
        responses={201: serializers.ApplicationSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A draft application of your organisation to an open campaign; nothing is checked for
        completeness until it is submitted."""
        data = serializers.ApplicationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = {"facts": {}, "mandatory": {}, "evidence": {}}
        values |= data.validated_data
        campaign = values.pop("campaign")
        application = campaigns.save_application(actor=request.user, campaign=campaign, **values)
        return Response(self._read(application), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ApplicationWriteSerializer, responses=serializers.ApplicationSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Save a draft or returned application; a key left out keeps its value."""
        application = self.get_object()
        data = serializers.ApplicationWriteSerializer(
            data=request.data, partial=True, context={"campaign": application.campaign}
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("campaign", None)
        current = {
            "subject": application.subject,
            "facts": application.facts,
            "mandatory": application.mandatory,
            "evidence": application.evidence,
            "fields": list(application.fields.all()),
        }
        campaigns.save_application(
            actor=request.user,
            campaign=application.campaign,
            application=application,
            **current | values,
        )
        return Response(self._read(application))

    @extend_schema(
        request=serializers.ApplicationActionSerializer,
        responses=serializers.ApplicationSerializer,
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the application's `actions` with its fields; a refusal names the field
        (`facts`, `mandatory`, `evidence`, `pledge`, `reason`), the state, or why the panel
        cannot be drawn."""
        application = self.get_object()
        choice = serializers.ApplicationActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        fields = APPLICATION_ACTION_DATA.get(name, {})
        data = {key: choice.validated_data.get(key, default) for key, default in fields.items()}
        actions.APPLICATION_ACTIONS[name].service(
            actor=request.user, application=application, **data
        )
        return Response(self._read(application))

    @extend_schema(
        methods=["GET"], request=None, responses=serializers.MaterialSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": serializers.MaterialUploadSerializer},
        responses={201: serializers.MaterialSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def materials(self, request: Request, pk: Any = None) -> Response:
        """The application's material files, for those who may see it (an expert once they
        declared no conflict); the applicant uploads one (multipart) for an item of the scheme
        while it is a draft or returned, its type and size checked."""
        application = self.get_object()
        context = self.get_serializer_context()
        if request.method == "POST":
            upload = serializers.MaterialUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            attachment = campaigns.attach_material(
                actor=request.user, application=application, **upload.validated_data
            )
            return Response(
                serializers.MaterialSerializer(attachment, context=context).data,
                status=status.HTTP_201_CREATED,
            )
        rows = Attachment.objects.for_object(application).order_by("uploaded_at", "pk")
        return Response(serializers.MaterialSerializer(rows, many=True, context=context).data)

    @extend_schema(
        methods=["GET"], request=None, responses=serializers.ObjectionSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request=serializers.ObjectionWriteSerializer,
        responses={201: serializers.ObjectionSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def objections(self, request: Request, pk: Any = None) -> Response:
        """Anyone, signed in or not, objects to an application on a campaign's proposed list
        during its public notice (POST); staff read the objections and their answers (GET)."""
        if request.method == "POST":
            # The proposed list is public, so is objecting to an application on it.
            application = get_object_or_404(
                Application.objects.filter(proposed=True).select_related("campaign__version"),
                pk=pk,
            )
            data = serializers.ObjectionWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            objection = decisions.raise_objection(
                actor=request.user, application=application, **data.validated_data
            )
            return Response(
                serializers.ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED
            )
        application = self.get_object()
        require(request.user, "assessment.change_campaign", application.campaign)
        rows = application.objections.order_by("raised_at", "pk")
        return Response(serializers.ObjectionSerializer(rows, many=True).data)

    def _read(self, application: Application) -> dict[str, Any]:
        """The application as the reader sees it after acting; one the service let them act on
        without being among theirs (a recommending unit's new candidate) as it stands."""
        readable = self.get_queryset().filter(pk=application.pk).first()
        return self.get_serializer(readable or application).data  # type: ignore[no-any-return]


class ObjectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff: every objection raised during public notices, newest first; `answer` one."""

    queryset = Objection.objects.order_by("-raised_at", "-pk")
    serializer_class = serializers.ObjectionSerializer
    filter_backends: list[Any] = []
    # Only the organisers read objections; who may answer is the service's business.
    permission_map = {
        "list": "assessment.decide_application",
        "retrieve": "assessment.decide_application",
        "answer": None,
    }

    @extend_schema(
        request=serializers.ObjectionAnswerSerializer, responses=serializers.ObjectionSerializer
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        """The organiser answers, upholding the objection (the application leaves the list) or
        not."""
        objection = self.get_object()
        data = serializers.ObjectionAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection = decisions.answer_objection(
            actor=request.user, objection=objection, **data.validated_data
        )
        return Response(self.get_serializer(objection).data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Your invitations to review, as an expert, newest first, each with the `actions` you may
    take now: declare no conflict or decline (`act`), and score (`sheet`). Blind: you see your
    own assignments and sheets only."""

    queryset = PanelAssignment.objects.all()
    serializer_class = serializers.AssignmentSerializer
    filter_backends: list[Any] = []
    # The queryset holds only the reader's own assignments; who may answer, the services'.
    permission_map = {"list": None, "retrieve": None, "act": None, "sheet": None}

    def get_queryset(self) -> QuerySet[PanelAssignment]:
        if not self.request.user.is_authenticated:
            return PanelAssignment.objects.none()
        return (
            PanelAssignment.objects.filter(expert__user=self.request.user)
            .select_related("application__campaign__version", "expert", "sheet")
            .order_by("-assigned_at", "-pk")
        )

    @extend_schema(
        request=serializers.AssignmentActionSerializer, responses=serializers.AssignmentSerializer
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Declare no conflict of interest, or decline with the `reason`."""
        assignment = self.get_object()
        choice = serializers.AssignmentActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        data = {"reason": choice.validated_data["reason"]} if name == "decline" else {}
        actions.ASSIGNMENT_ACTIONS[name].service(actor=request.user, assignment=assignment, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(methods=["GET"], request=None, responses=serializers.ScoreSheetSerializer)
    @extend_schema(
        methods=["POST"],
        request=serializers.ScoreSheetWriteSerializer,
        responses=serializers.ScoreSheetSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def sheet(self, request: Request, pk: Any = None) -> Response:
        """Your scoring sheet: the scheme's indicators and your entries (GET); score every
        indicator with a comment while the campaign is under review, once you have declared
        no conflict (POST). A refusal names `entry_<code>` or `comment_<code>`."""
        assignment = self.get_object()
        scheme = assignment.application.campaign.scheme
        if request.method == "POST":
            data = serializers.ScoreSheetWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            sheet: ScoreSheet | None = campaigns.score_application(
                actor=request.user, assignment=assignment, **data.validated_data
            )
        else:
            sheet = ScoreSheet.objects.filter(assignment=assignment).first()
        return Response(
            serializers.ScoreSheetSerializer(serializers.sheet_data(scheme, sheet)).data
        )


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates the assessment engine issued, public, each with its `verification_url`;
    staff revoke one."""

    queryset = AssessmentCertificate.objects.order_by("-issued_at", "-pk")
    serializer_class = serializers.CertificateSerializer
    filter_backends: list[Any] = []
    # Certificates are public; who may revoke is the service's business.
    permission_map = {"revoke": None}

    @extend_schema(
        request=serializers.ReasonSerializer, responses=serializers.CertificateSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: Any = None) -> Response:
        """Revoke the certificate and its designation, with the reason shown publicly."""
        certificate = self.get_object()
        data = serializers.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decisions.revoke_certificate(
            actor=request.user, certificate=certificate, **data.validated_data
        )
        return Response(self.get_serializer(certificate).data)
