from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "shared_apps.vocabularies"
    label = "vocabularies"
    verbose_name = "City-wide vocabularies"
