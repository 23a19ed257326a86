import factory
from django.utils import timezone

from xborder.accounts.models import Address, Identity, IdentityStatus, User
from xborder.core.pii import keyed_hash

VALID_ID_NUMBERS = ["11010519491231002X", "110101199003070011", "440305198502141230", "310115199206304565"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Buyer {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"operator{n}@xborder.example")
    is_staff = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient = "王小明"
    phone = "+8613812345678"
    province = "上海市"
    city = "上海市"
    district = "浦东新区"
    district_code = "310115"
    detail = "世纪大道100号 8楼"
    postal_code = "200120"
    is_default = True


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identity

    user = factory.SubFactory(UserFactory)
    name = "王小明"
    id_number = factory.Sequence(lambda n: VALID_ID_NUMBERS[n % len(VALID_ID_NUMBERS)])
    id_hash = factory.LazyAttribute(lambda o: keyed_hash(o.id_number))
    status = IdentityStatus.VERIFIED
    verified_by = "sandbox"
    verified_at = factory.LazyFunction(timezone.now)
