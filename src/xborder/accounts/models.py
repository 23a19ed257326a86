"""Users (email log-in), their roles, delivery addresses and real-name identities."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xborder.core.pii import EncryptedTextField, mask_id_number, mask_name, mask_phone


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    STORE_MEMBER = "store_member", _("Store member")
    AGENCY_MEMBER = "agency_member", _("Agency member")
    CREATOR = "creator", _("Creator")
    OPERATOR = "operator", _("Operator staff")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Roles come from what the user is linked to."""

    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_creator = models.BooleanField(_("creator"), default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(_("operator staff"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.display_name or self.email

    @property
    def roles(self) -> set[str]:
        """Every role the user holds; one person may be a buyer, a store member and a creator at once."""
        roles = {Role.BUYER.value}
        if self.is_staff:
            roles.add(Role.OPERATOR.value)
        if self.is_creator:
            roles.add(Role.CREATOR.value)
        if self.store_memberships.exists():
            roles.add(Role.STORE_MEMBER.value)
        if self.agency_memberships.exists():
            roles.add(Role.AGENCY_MEMBER.value)
        return roles


class Address(models.Model):
    """A delivery address inside the home customs territory, in Chinese format."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    recipient = EncryptedTextField(_("recipient"))
    phone = EncryptedTextField(_("phone"))
    province = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=30)
    district = models.CharField(_("district"), max_length=30)
    district_code = models.CharField(_("district code"), max_length=6)
    detail = EncryptedTextField(_("street address"))
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="one_default_address_per_user"
            ),
            models.CheckConstraint(
                condition=models.Q(district_code__regex=r"^[1-9][0-9]{5}$"), name="address_district_code_6_digits"
            ),
        ]

    def __str__(self):
        return f"{self.province}{self.city}{self.district} {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        return mask_name(self.recipient)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def one_line(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.detail}"


class IdentityStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Identity(models.Model):
    """The buyer's real name and resident ID number, encrypted at rest and found by keyed hash."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="identity")
    name = EncryptedTextField(_("real name"))
    id_number = EncryptedTextField(_("resident ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_type = models.CharField(max_length=1, default="1", editable=False)  # customs buyerIdType 1 = resident ID
    status = models.CharField(max_length=10, choices=IdentityStatus.choices, default=IdentityStatus.VERIFIED)
    verified_by = models.CharField(max_length=40, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "identities"

    def __str__(self):
        return f"{self.masked_name} {self.masked_id_number}"

    def __repr__(self):
        return f"<Identity {self.pk} {self.masked_id_number}>"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def is_verified(self) -> bool:
        return self.status == IdentityStatus.VERIFIED


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
