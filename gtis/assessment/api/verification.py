"""The API of ISO 14034 verification: performance claims (each version a row), verification
plans with their data sets, report and actions, test data sets, and the public Statements of
Verification, each with its `verification_url`. Writes go through the same services as the
pages."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.accounts.models import Organisation
from gtis.assessment import verification
from gtis.assessment.models import (
    Application,
    ClaimedParameter,
    Measurement,
    PerformanceClaim,
    VerificationDataSet,
    VerificationPlan,
    VerificationReport,
    VerificationStatement,
)
from gtis.assessment.verification_forms import ACTION_FORMS
from gtis.market.models import Benefit, Listing

# Serializers ----------------------------------------------------------------------------------


class ClaimedParameterSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimedParameter
        fields = ["name", "unit", "minimum", "maximum", "operating_conditions", "medium"]
        read_only_fields = fields


class PerformanceClaimSerializer(serializers.ModelSerializer):
    """One version of an application's performance claim, with its parameters."""

    parameters = ClaimedParameterSerializer(many=True, read_only=True)

    class Meta:
        model = PerformanceClaim
        fields = [
            "id",
            "application",
            "version",
            "listing",
            "benefit",
            "note",
            "created_at",
            "parameters",
        ]
        read_only_fields = fields


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["parameter", "value"]
        read_only_fields = fields


class DataSetSerializer(serializers.ModelSerializer):
    """A test data set: its origin, lab and accreditation, measured values and review."""

    application = serializers.IntegerField(source="plan.application_id", read_only=True)
    lab_name = serializers.CharField(source="lab.name", read_only=True)
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = VerificationDataSet
        fields = [
            "id",
            "application",
            "title",
            "origin",
            "lab",
            "lab_name",
            "accreditation",
            "operating_conditions",
            "tested_on",
            "status",
            "review_reason",
            "reviewed_at",
            "added_at",
            "measurements",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    claim_version = serializers.IntegerField(source="claim.version", read_only=True)

    class Meta:
        model = VerificationReport
        fields = ["claim_version", "results", "confirmed", "conclusions", "written_at"]
        read_only_fields = fields


class StatementSerializer(serializers.ModelSerializer):
    """A Statement of Verification: number, sealed contents and the public page that checks
    it (`verification_url`)."""

    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = VerificationStatement
        fields = [
            "id",
            "application",
            "number",
            "code",
            "contents",
            "issued_at",
            "verification_url",
        ]
        read_only_fields = fields

    def get_verification_url(self, statement: VerificationStatement) -> str:
        return self.context["request"].build_absolute_uri(statement.get_absolute_url())


class VerificationPlanSerializer(serializers.ModelSerializer):
    """A verification plan with its data sets, report and statement number."""

    verifier_name = serializers.CharField(source="verifier.name", read_only=True)
    claim_version = serializers.IntegerField(source="claim.version", read_only=True)
    data_sets = DataSetSerializer(many=True, read_only=True)
    report = serializers.SerializerMethodField()
    statement = serializers.SerializerMethodField()

    class Meta:
        model = VerificationPlan
        fields = [
            "id",
            "application",
            "verifier",
            "verifier_name",
            "claim_version",
            "parameters",
            "test_methods",
            "data_requirements",
            "updated_at",
            "data_sets",
            "report",
            "statement",
        ]
        read_only_fields = fields

    def get_report(self, plan: VerificationPlan) -> dict[str, Any] | None:
        report = getattr(plan, "report", None)
        return ReportSerializer(report).data if report else None  # type: ignore[return-value]

    def get_statement(self, plan: VerificationPlan) -> str | None:
        statement = getattr(plan.application, "verification_statement", None)
        return statement.number if statement else None


class VerificationPlanDetailSerializer(VerificationPlanSerializer):
    """A plan as one reads it alone: also the verifier `actions` the reader may take now."""

    actions = serializers.SerializerMethodField()

    class Meta(VerificationPlanSerializer.Meta):
        fields = [*VerificationPlanSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, plan: VerificationPlan) -> list[str]:
        return verification.available_actions(self.context["request"].user, plan.application)


class ClaimWriteSerializer(serializers.Serializer):
    """A new claim version: `parameters` is a list of {name, unit, minimum, maximum,
    operating_conditions, medium}."""

    application = serializers.IntegerField()
    parameters = serializers.ListField(child=serializers.DictField())
    listing = serializers.PrimaryKeyRelatedField(
        queryset=Listing.objects.all(), required=False, allow_null=True
    )
    benefit = serializers.PrimaryKeyRelatedField(
        queryset=Benefit.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanWriteSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    verifier = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    parameters = serializers.ListField(child=serializers.CharField())
    test_methods = serializers.CharField(allow_blank=True)
    data_requirements = serializers.CharField(allow_blank=True)


class DataSetWriteSerializer(serializers.Serializer):
    """A data set: `measurements` is a list of {parameter, value}."""

    application = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    origin = serializers.CharField()
    lab = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), allow_null=True)
    accreditation = serializers.CharField(required=False, allow_blank=True, default="")
    operating_conditions = serializers.CharField(allow_blank=True)
    tested_on = serializers.DateField(required=False, allow_null=True, default=None)
    measurements = serializers.ListField(child=serializers.DictField())


class DataSetReviewSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlanActionSerializer(serializers.Serializer):
    """`action` (one of the plan's `actions`) and its fields: conclusions for report."""

    action = serializers.ChoiceField(choices=sorted(verification.ACTIONS))


# Views ----------------------------------------------------------------------------------------


def _application(request: Request, pk: Any) -> Application:
    """The application the reader may see, or 404."""
    found = (
        Application.objects.restrict(request.user, "view")
        .select_related("campaign__version", "applicant")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


class PerformanceClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Performance claims you may see, each version a row, newest first (`?application=` for
    one application's versions); POST states a new version."""

    queryset = PerformanceClaim.objects.all()
    serializer_class = PerformanceClaimSerializer
    filter_backends: list[Any] = []
    permission_map = {"list": None, "retrieve": None, "create": None}

    def get_queryset(self) -> QuerySet[PerformanceClaim]:
        claims = (
            PerformanceClaim.objects.restrict(self.request.user, "view")
            .prefetch_related(Prefetch("parameters", queryset=ClaimedParameter.objects.all()))
            .order_by("application", "-version")
        )
        application = self.request.query_params.get("application", "")
        return claims.filter(application=application) if application.isdigit() else claims

    @extend_schema(request=ClaimWriteSerializer, responses={201: PerformanceClaimSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ClaimWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = _application(request, values.pop("application"))
        claim = verification.save_performance_claim(
            actor=request.user, application=application, **values
        )
        read = self.get_serializer(self.get_queryset().get(pk=claim.pk))
        return Response(read.data, status=status.HTTP_201_CREATED)


class VerificationPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Verification plans you may see, each with its data sets, report and statement; POST
    appoints the verifier and writes the plan, `act` writes the report or issues the
    statement."""

    queryset = VerificationPlan.objects.all()
    serializer_class = VerificationPlanSerializer
    filter_backends: list[Any] = []
    permission_map = {"list": None, "retrieve": None, "create": None, "act": None}

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return (
            VerificationPlanSerializer
            if self.action == "list"
            else VerificationPlanDetailSerializer
        )

    def get_queryset(self) -> QuerySet[VerificationPlan]:
        data_sets = VerificationDataSet.objects.select_related("lab").prefetch_related(
            "measurements"
        )
        return (
            VerificationPlan.objects.restrict(self.request.user, "view")
            .select_related(
                "verifier",
                "claim",
                "report__claim",
                "application__verification_statement",
                "application__campaign__version",
            )
            .prefetch_related(Prefetch("data_sets", queryset=data_sets))
            .order_by("-updated_at", "-pk")
        )

    @extend_schema(request=PlanWriteSerializer, responses={201: VerificationPlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = _application(request, values.pop("application"))
        plan = verification.save_verification_plan(
            actor=request.user, application=application, **values
        )
        return Response(self._read(plan), status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanActionSerializer, responses=VerificationPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the plan's `actions` with its fields; a refusal names the field."""
        plan = self.get_object()
        choice = PlanActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        form = ACTION_FORMS[name](request.data)
        if not form.is_valid():
            raise APIValidationError(
                {field: [str(m) for m in messages] for field, messages in form.errors.items()}
            )
        application = _application(request, plan.application_id)
        verification.ACTIONS[name].service(
            actor=request.user, application=application, **form.cleaned_data
        )
        return Response(self._read(plan))

    def _read(self, plan: VerificationPlan) -> dict[str, Any]:
        found = self.get_queryset().get(pk=plan.pk)
        return VerificationPlanDetailSerializer(found, context=self.get_serializer_context()).data  # type: ignore[return-value]


class VerificationDataSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Test data sets you may see, with their measured values and review; POST adds one to an
    application's plan, `review` accepts it or not (never by the staff of its lab)."""

    queryset = VerificationDataSet.objects.all()
    serializer_class = DataSetSerializer
    filter_backends: list[Any] = []
    permission_map = {"list": None, "retrieve": None, "create": None, "review": None}

    def get_queryset(self) -> QuerySet[VerificationDataSet]:
        return (
            VerificationDataSet.objects.restrict(self.request.user, "view")
            .select_related("lab", "plan")
            .prefetch_related("measurements")
            .order_by("-added_at", "-pk")
        )

    @extend_schema(request=DataSetWriteSerializer, responses={201: DataSetSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DataSetWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = _application(request, values.pop("application"))
        values["measurements"] = [
            (str(row.get("parameter", "")), row.get("value")) for row in values["measurements"]
        ]
        made = verification.add_data_set(actor=request.user, application=application, **values)
        read = self.get_serializer(self.get_queryset().get(pk=made.pk))
        return Response(read.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DataSetReviewSerializer, responses=DataSetSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        """Accept the data set against the plan, or not with the reason."""
        data_set = self.get_object()
        data = DataSetReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification.review_data_set(actor=request.user, data_set=data_set, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=data_set.pk)).data)


class VerificationStatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Statements of Verification, public, each with its `verification_url`."""

    queryset = VerificationStatement.objects.order_by("-issued_at", "-pk")
    serializer_class = StatementSerializer
    filter_backends: list[Any] = []
