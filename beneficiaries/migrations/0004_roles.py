"""The role groups once were created here; now beneficiaries/roles.py declares them."""

from django.db import migrations

# What each role may do is declared in beneficiaries/roles.py and programs/roles.py and
# written after every migrate; this migration once granted it and now leaves it to them.


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0003_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
