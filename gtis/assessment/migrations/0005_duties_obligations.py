import django.db.models.deletion
import django_fsm
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_organisation_registry_fields'),
        ('assessment', '0004_notice_objections_certificates'),
        ('registry', '0007_designation_suspended'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalObligation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('duty', models.CharField(max_length=50, verbose_name='duty')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='English name')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('grace_until', models.DateField(verbose_name='grace ends')),
                ('on_missed', models.CharField(max_length=10, verbose_name='when missed')),
                ('state', django_fsm.FSMField(choices=[('due', 'Due'), ('submitted', 'Submitted'), ('returned', 'Returned'), ('accepted', 'Accepted'), ('missed', 'Missed'), ('cancelled', 'Cancelled')], default='due', max_length=10, verbose_name='state')),
                ('report', models.TextField(blank=True, verbose_name='report')),
                ('figures', models.JSONField(blank=True, default=dict, verbose_name='figures')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                ('comment', models.TextField(blank=True, verbose_name='comments')),
                ('missed_on', models.DateField(blank=True, null=True, verbose_name='missed on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('certificate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessment.assessmentcertificate', verbose_name='certificate')),
                ('designation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.designation', verbose_name='designation')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('holder', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name='holder')),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical obligation',
                'verbose_name_plural': 'historical obligations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Obligation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('duty', models.CharField(max_length=50, verbose_name='duty')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='English name')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('grace_until', models.DateField(verbose_name='grace ends')),
                ('on_missed', models.CharField(max_length=10, verbose_name='when missed')),
                ('state', django_fsm.FSMField(choices=[('due', 'Due'), ('submitted', 'Submitted'), ('returned', 'Returned'), ('accepted', 'Accepted'), ('missed', 'Missed'), ('cancelled', 'Cancelled')], default='due', max_length=10, verbose_name='state')),
                ('report', models.TextField(blank=True, verbose_name='report')),
                ('figures', models.JSONField(blank=True, default=dict, verbose_name='figures')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                ('comment', models.TextField(blank=True, verbose_name='comments')),
                ('missed_on', models.DateField(blank=True, null=True, verbose_name='missed on')),
                ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='obligations', to='assessment.assessmentcertificate', verbose_name='certificate')),
                ('designation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.designation', verbose_name='designation')),
                ('holder', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation', verbose_name='holder')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'obligation',
                'verbose_name_plural': 'obligations',
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DesignationAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('suspend', 'Suspended'), ('reinstate', 'Reinstated'), ('remove', 'Removed'), ('renew', 'Renewed')], max_length=10, verbose_name='action')),
                ('cause', models.CharField(choices=[('missed_duty', 'Duty missed'), ('duty_accepted', 'Duty fulfilled'), ('credit_record', 'Credit record'), ('credit_cleared', 'Credit record repaired or expired'), ('re_review', 'Re-review (复核)'), ('renewal', 'Renewal')], max_length=20, verbose_name='cause')),
                ('reason', models.TextField(verbose_name='reason')),
                ('taken_on', models.DateField(verbose_name='date')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='assessment.assessmentcertificate', verbose_name='certificate')),
                ('credit_record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.creditrecord')),
                ('designation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.designation', verbose_name='designation')),
                ('taken_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('obligation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='assessment.obligation')),
            ],
            options={
                'verbose_name': 'designation action',
                'verbose_name_plural': 'designation actions',
                'ordering': ['-taken_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=40, verbose_name='reminder')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent')),
                ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='assessment.assessmentcertificate')),
            ],
            options={
                'verbose_name': 'reminder',
                'verbose_name_plural': 'reminders',
            },
        ),
        migrations.CreateModel(
            name='RenewalRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('statement', models.TextField(verbose_name='statement')),
                ('state', models.CharField(choices=[('requested', 'Requested'), ('granted', 'Granted'), ('refused', 'Refused')], default='requested', max_length=10, verbose_name='state')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('decision', models.TextField(blank=True, verbose_name='decision')),
                ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renewals', to='assessment.assessmentcertificate', verbose_name='certificate')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('holder', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation', verbose_name='holder')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'renewal request',
                'verbose_name_plural': 'renewal requests',
                'ordering': ['-requested_at', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='obligation',
            index=models.Index(fields=['state', 'grace_until'], name='obligation_state_idx'),
        ),
        migrations.AddConstraint(
            model_name='obligation',
            constraint=models.UniqueConstraint(fields=('certificate', 'duty', 'due_on'), name='obligation_once_per_due_day'),
        ),
        migrations.AddConstraint(
            model_name='obligation',
            constraint=models.CheckConstraint(condition=models.Q(('grace_until__gte', models.F('due_on'))), name='obligation_grace_after_due'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(fields=('certificate', 'key'), name='reminder_sent_once'),
        ),
        migrations.AddConstraint(
            model_name='renewalrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'requested')), fields=('certificate',), name='renewal_one_open_request'),
        ),
    ]
