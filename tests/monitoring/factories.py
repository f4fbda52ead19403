import factory

from monitoring.models import Item, Purpose, Questionnaire, Role


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    code = factory.Sequence(lambda n: f"q-{n}")
    title = factory.Sequence(lambda n: f"Анкета {n}")
    purpose = Purpose.SATISFACTION
    role = Role.MENTEE


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    key = factory.Sequence(lambda n: f"item-{n}")
    kind = Item.Kind.SCALE
    text = factory.Sequence(lambda n: f"Вопрос {n}")
    order = factory.Sequence(lambda n: n)
