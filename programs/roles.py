"""What each role may do with the programs' records (the roles themselves, and how they are
synced after every migrate, are in beneficiaries/roles.py)."""

from django.contrib.auth.models import Group

from beneficiaries.roles import ADMIN, EVERYTHING, MANAGER, SOCIAL_WORKER, roles_sync

from .models.grievances import SENSITIVE_GRIEVANCE_GROUP

# Social workers open cohorts, enrol, hand over equipment, record businesses and visits,
# and archive what they recorded (never delete); managers read everything; admins all.
PROGRAMS_PERMISSIONS = {
    SOCIAL_WORKER: [
        "view_trainingprogram",
        "view_batch",
        "add_batch",
        "view_enrolment",
        "add_enrolment",
        "change_enrolment",
        "archive_enrolment",
        "view_grant",
        "add_grant",
        "archive_grant",
        "view_grantitem",
        "view_equipmenttype",
        "view_business",
        "add_business",
        "change_business",
        "view_followupvisit",
        "add_followupvisit",
        "archive_followupvisit",
        "view_equipmentcheck",
        "view_supportkind",
        # Grievances of her area: record, handle, assign, comment (never delete).
        "view_grievance",
        "add_grievance",
        "change_grievance",
        "assign_grievance",
        "view_grievancenote",
        "add_grievancenote",
        "view_grievanceattachment",
        "view_grievancecategory",
        # Helping businesses sell: profile, photos, consent, support, stories.
        "view_businessprofile",
        "change_businessprofile",
        "view_productphoto",
        "add_productphoto",
        "view_publicationconsent",
        "add_publicationconsent",
        "change_publicationconsent",
        "view_marketsupport",
        "add_marketsupport",
        "view_successstory",
        "add_successstory",
        "change_successstory",
    ],
    MANAGER: [
        "view_trainingprogram",
        "view_batch",
        "view_enrolment",
        "view_grant",
        "view_grantitem",
        "view_equipmenttype",
        "view_business",
        "view_followupvisit",
        "view_equipmentcheck",
        "view_supportkind",
        # Managers read grievances, reassign them and comment; escalations reach them.
        "view_grievance",
        "assign_grievance",
        "view_grievancenote",
        "add_grievancenote",
        "view_grievanceattachment",
        "view_grievancecategory",
        # Managers read the market linkages and approve the success stories.
        "view_businessprofile",
        "view_productphoto",
        "view_publicationconsent",
        "view_marketsupport",
        "view_successstory",
        "approve_successstory",
    ],
    ADMIN: EVERYTHING,
}


def programs_roles_sync(sender, **kwargs) -> None:
    """post_migrate receiver (after Django created the app's permissions). Also makes sure
    the sensitive-grievance group exists: it carries no permission, only its members,
    whom an admin names (programs/models/grievances.py)."""
    roles_sync(app_label="programs", declared=PROGRAMS_PERMISSIONS)
    Group.objects.get_or_create(name=SENSITIVE_GRIEVANCE_GROUP)
