"""Every write of the market-linkage records. Each change the public catalogue shows also
moves the catalogue's version (`catalogue_changed`) in the same transaction, so a withdrawn
consent is gone from every process's cache by the next request."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.record_writes import history_user_set

from ..models import (
    Business,
    BusinessProfile,
    CatalogueVersion,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from ..models.marketing import new_stamp


def catalogue_changed() -> None:
    stamp = new_stamp()
    if not CatalogueVersion.objects.filter(pk=1).update(stamp=stamp, changed_at=timezone.now()):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"stamp": stamp})


def catalogue_on_archive(record) -> None:
    """core.record_writes' archive listener: a client archived or restored leaves or
    rejoins the catalogue (listed_businesses filters on it), so its cache goes."""
    from beneficiaries.models import Client

    if isinstance(record, Client):
        catalogue_changed()


@transaction.atomic
def profile_save(*, business: Business, saved_by, **fields) -> BusinessProfile:
    profile, _ = BusinessProfile.objects.get_or_create(business=business)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    history_user_set(profile, saved_by)
    profile.save()
    catalogue_changed()
    return profile


@transaction.atomic
def photo_add(*, business: Business, photo, caption: str, uploaded_by) -> ProductPhoto:
    """`photo` is what core.images.photo_prepare returned (never the upload itself)."""
    record = ProductPhoto(business=business, caption=caption, uploaded_by=uploaded_by)
    record.photo.save(photo.name, photo, save=False)
    record.full_clean()
    history_user_set(record, uploaded_by)
    record.save()
    catalogue_changed()
    return record


@transaction.atomic
def photo_remove(*, photo: ProductPhoto, removed_by) -> None:
    history_user_set(photo, removed_by)
    photo.delete()
    catalogue_changed()


@transaction.atomic
def consent_record(*, business: Business, recorded_by, **fields) -> PublicationConsent:
    """The owner's consent as she gave it now: it replaces the one standing (withdrawn
    with it, in the history)."""
    BusinessProfile.objects.get_or_create(business=business)
    _withdraw_standing(business, recorded_by)
    consent = PublicationConsent(business=business, recorded_by=recorded_by, **fields)
    consent.full_clean()
    history_user_set(consent, recorded_by)
    consent.save()
    catalogue_changed()
    return consent


@transaction.atomic
def consent_withdraw(*, business: Business, withdrawn_by) -> bool:
    """Withdraw the standing consent: the listing is gone on the next request."""
    withdrawn = _withdraw_standing(business, withdrawn_by)
    catalogue_changed()
    return withdrawn


def _withdraw_standing(business, user) -> bool:
    standing = PublicationConsent.objects.standing().select_for_update().filter(business=business)
    found = False
    for consent in standing:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = user
        history_user_set(consent, user)
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        found = True
    return found


@transaction.atomic
def support_record(*, business: Business, recorded_by, **fields) -> MarketSupport:
    support = MarketSupport(business=business, recorded_by=recorded_by, **fields)
    support.full_clean()
    history_user_set(support, recorded_by)
    support.save()
    return support


@transaction.atomic
def story_save(*, business: Business, written_by, story: SuccessStory | None = None, **fields):
    """Write or rewrite a story; a rewrite needs a new approval."""
    story = story or SuccessStory(business=business, written_by=written_by)
    for name, value in fields.items():
        setattr(story, name, value)
    story.approved_at = None
    story.approved_by = None
    story.full_clean()
    history_user_set(story, written_by)
    story.save()
    catalogue_changed()
    return story


@transaction.atomic
def story_approve(*, story: SuccessStory, approved_by) -> SuccessStory:
    """A manager approves a story someone else wrote (never her own)."""
    if story.written_by_id == approved_by.pk:
        raise ValidationError(_("A story is approved by someone other than its writer."))
    story.approved_at = timezone.now()
    story.approved_by = approved_by
    history_user_set(story, approved_by)
    story.save(update_fields=["approved_at", "approved_by"])
    catalogue_changed()
    return story
