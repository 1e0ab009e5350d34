import factory
from stdnum.cn import uscc

from gtis.accounts.models import Department, Organisation, OrganisationKind, OrganisationRole, User
from gtis.core.roles import Role

PASSWORD = "Str0ng-Passw0rd!"


def valid_uscc(n: int) -> str:
    body = f"91110108MA{n:07d}"
    return body + uscc.calc_check_digit(body + "0")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}全称")
    short_name = factory.Sequence(lambda n: f"测试部{n}")
    name_en = factory.Sequence(lambda n: f"Test Department {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"绿色科技有限公司{n}")
    credit_code = factory.Sequence(valid_uscc)
    kind = OrganisationKind.ENTERPRISE
    province = "11"
    verification = "verified"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.ORGANISATION_MEMBER
    organisation = factory.Maybe(
        factory.LazyAttribute(
            lambda u: u.role in {Role.ORGANISATION_MEMBER, Role.BROKER, Role.FINANCIAL_INSTITUTION}
        ),
        yes_declaration=factory.SubFactory(OrganisationFactory),
        no_declaration=None,
    )
    organisation_role = factory.LazyAttribute(
        lambda u: OrganisationRole.MEMBER if u.organisation else ""
    )
    department = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role == Role.DEPARTMENT_OFFICER),
        yes_declaration=factory.SubFactory(DepartmentFactory),
        no_declaration=None,
    )

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
