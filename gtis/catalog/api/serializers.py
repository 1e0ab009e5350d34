from rest_framework import serializers

from gtis.catalog.models import CatalogueEdition, CatalogueEntry, Taxonomy, TaxonomyNode


class TaxonomySerializer(serializers.ModelSerializer):
    node_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Taxonomy
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "issued_by",
            "document_number",
            "year",
            "source",
            "is_partial",
            "partial_note",
            "node_count",
        ]


class NodeSerializer(serializers.ModelSerializer):
    taxonomy: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    level = serializers.IntegerField(source="depth", read_only=True)
    parent_code = serializers.SerializerMethodField()

    class Meta:
        model = TaxonomyNode
        fields = [
            "id",
            "taxonomy",
            "code",
            "name",
            "name_en",
            "level",
            "parent_code",
            "description",
            "standards_cited",
            "keywords",
        ]

    def get_parent_code(self, node: TaxonomyNode) -> str | None:
        return node.code.rsplit(".", 1)[0] if "." in node.code else None


class EntrySerializer(serializers.ModelSerializer):
    codes = serializers.SerializerMethodField()

    class Meta:
        model = CatalogueEntry
        fields = [
            "id",
            "edition",
            "key",
            "title",
            "description",
            "scope",
            "codes",
            "banned_from",
            "replacement",
            "reference_label",
        ]

    def get_codes(self, entry: CatalogueEntry) -> list[str]:
        return [f"{n.taxonomy.code}:{n.code}" for n in entry.nodes.all()]


class EditionSerializer(serializers.ModelSerializer):
    issuing_departments: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CatalogueEdition
        fields = [
            "id",
            "kind",
            "title",
            "year",
            "document_number",
            "issuing_departments",
            "status",
            "notice_starts_on",
            "notice_ends_on",
            "published_on",
            "superseded_on",
            "entry_count",
        ]


class ClassifyRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    taxonomy = serializers.SlugField(default="gic-2019")
    k = serializers.IntegerField(min_value=1, max_value=20, default=5)


class SuggestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class EliminationRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    node_codes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    on = serializers.DateField()


class EliminationMatchSerializer(serializers.Serializer):
    entry = EntrySerializer()
    edition = serializers.CharField(source="entry.edition.title")
    reason = serializers.CharField()
