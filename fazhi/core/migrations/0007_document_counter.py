from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_deadline_clocks"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("issuer_key", models.CharField(max_length=100, verbose_name="发文机关")),
                ("series", models.CharField(max_length=60, verbose_name="文书类别")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用序号")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={
                "verbose_name": "文号计数器",
                "verbose_name_plural": "文号计数器",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("issuer_key", "series", "year"), name="document_counter_unique"
                    )
                ],
            },
        ),
    ]
