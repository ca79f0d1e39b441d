"""The public catalogue (Katalog Usaha Binaan), no login: consenting businesses, each with
its page, its consented photos and its approved story. Only programs/marketing/catalogue.py
is read here, and it returns only what was consented; every URL carries a random token.
Not for search engines unless the office turns CATALOGUE_INDEXING on."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..marketing import catalogue
from ..marketing.forms import CatalogueSearchForm
from ..marketing.stories import story_figures

NO_SEARCH = {"text": "", "regency": "", "sector": "", "page": 1}


def _public(response):
    if not settings.CATALOGUE_INDEXING:
        response["X-Robots-Tag"] = "noindex, nofollow"
    # A withdrawn listing must be gone on the next request: nothing kept by the browser.
    response["Cache-Control"] = "no-cache"
    return response


def _context(**context):
    return {"indexing": settings.CATALOGUE_INDEXING, **context}


@login_not_required
def catalogue_list(request):
    version = catalogue.catalogue_version()
    form = CatalogueSearchForm(
        request.GET or None, regencies=catalogue.catalogue_regencies(version)
    )
    search = (
        form.search() if form.is_bound else {"text": "", "regency": "", "sector": "", "page": 1}
    )
    page = catalogue.catalogue_page(**search, version=version)
    query = request.GET.copy()
    query.pop("page", None)
    return _public(
        render(
            request,
            "catalogue/list.html",
            _context(form=form, page=page, query=query.urlencode(), search=search),
        )
    )


@login_not_required
def catalogue_business(request, token):
    listing = catalogue.catalogue_business(token)
    if listing is None:
        raise Http404
    order_text = _("Hello, I found your business in the catalogue of assisted businesses.")
    return _public(
        render(
            request,
            "catalogue/business.html",
            _context(listing=listing, order_text=order_text),
        )
    )


@login_not_required
def catalogue_photo(request, token):
    photo = catalogue.public_photo(token)
    if photo is None:
        raise Http404
    response = FileResponse(photo.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = 'inline; filename="produk.jpg"'
    return _public(response)


@login_not_required
def catalogue_story(request, token):
    found = catalogue.public_story(token)
    if found is None:
        raise Http404
    story, listing = found
    # The story's picture only if photos are consented (then it is among the listing's).
    shown = {photo_token for photo_token, _caption in listing.photos}
    photo = story.photo.token if story.photo and story.photo.token in shown else None
    photo_url = reverse("programs:catalogue_photo", args=[photo]) if photo else ""
    return _public(
        render(
            request,
            "catalogue/story.html",
            _context(
                story=story,
                listing=listing,
                figures=story_figures(story.business),
                photo_url=photo_url,
            ),
        )
    )
