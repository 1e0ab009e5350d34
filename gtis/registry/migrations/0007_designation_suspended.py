from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_credit_records'),
    ]

    operations = [
        migrations.AlterField(
            model_name='designation',
            name='status',
            field=models.CharField(choices=[('active', 'Active'), ('expired', 'Expired'), ('revoked', 'Revoked'), ('suspended', 'Suspended')], default='active', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicaldesignation',
            name='status',
            field=models.CharField(choices=[('active', 'Active'), ('expired', 'Expired'), ('revoked', 'Revoked'), ('suspended', 'Suspended')], default='active', max_length=10, verbose_name='status'),
        ),
    ]
