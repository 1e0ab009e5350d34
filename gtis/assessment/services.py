"""Every write of the assessment engine's schemes: the shipped versions loaded from reference
data, and a version staff write, checked line by line; each audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.assessment import schemes
from gtis.assessment.models import Scheme, SchemeVersion
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require


def load_shipped_schemes(*, actor: Any) -> tuple[int, int]:
    """Load every scheme file the platform ships: a new version is added, and a shipped one
    whose file changed follows it. The numbers of versions added and updated."""
    added = updated = 0
    for path, text in schemes.shipped():
        definition = schemes.parse(text, path.name)
        with transaction.atomic():
            scheme = _scheme_for(definition)
            version = SchemeVersion.objects.filter(scheme=scheme, label=definition.version).first()
            if version is None:
                version = SchemeVersion.objects.create(
                    scheme=scheme, label=definition.version, source=text, file_name=path.name
                )
                audit.record(actor=actor, action="create", obj=version, changes={"file": path.name})
                added += 1
            elif version.source != text and version.file_name == path.name:
                version.source = text
                version.save(update_fields=["source"])
                audit.record(actor=actor, action="update", obj=version, changes={"file": path.name})
                updated += 1
    return added, updated


def save_scheme_version(*, actor: Any, source: str) -> SchemeVersion:
    """A new version of a scheme (or the first of a new scheme), written in the schemes' YAML
    format; a refusal names the line and the key."""
    require(actor, "assessment.change_scheme")
    if not (source or "").strip():
        raise ValidationError({"source": _("Write the scheme version in YAML.")})
    try:
        definition = schemes.parse(source, _("the definition"))
    except schemes.SchemeError as error:
        raise ValidationError({"source": str(error)}) from error
    with transaction.atomic():
        scheme = _scheme_for(definition)
        if scheme.versions.filter(label=definition.version).exists():
            raise ValidationError(
                {
                    "source": _(
                        "%(scheme)s already has a version “%(version)s”: versions in use are "
                        "never rewritten, give this one a new version label."
                    )
                    % {"scheme": scheme.code, "version": definition.version}
                }
            )
        version = SchemeVersion.objects.create(
            scheme=scheme, label=definition.version, source=source, created_by=as_user(actor)
        )
        audit.record(
            actor=actor, action="create", obj=version, changes={"version": definition.version}
        )
    return version


def _scheme_for(definition: schemes.Scheme) -> Scheme:
    """The scheme of `definition`, created or brought up to date with its names."""
    values = {
        "name": definition.name.zh,
        "name_en": definition.name.en,
        "subject": definition.subject,
        "deliverables": list(definition.deliverables),
    }
    scheme, created = Scheme.objects.get_or_create(code=definition.code, defaults=values)
    if not created and any(getattr(scheme, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(scheme, key, value)
        scheme.save()
    return scheme
