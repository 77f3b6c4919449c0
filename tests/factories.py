"""Factories for every test, in one place."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from outreach.models import Area, MajorEvent, Specialist, SpecialResource


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))
        if create:
            self.save()


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class SpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialist

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Officer Specialist {n}")
    phone = "626-555-0100"
    email = factory.Sequence(lambda n: f"specialist{n}@example.org")


class SpecialResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialResource
        django_get_or_create = ("code",)

    code = SpecialResource.Code.K9
    name = factory.LazyAttribute(lambda resource: SpecialResource.Code(resource.code).label)
    lead_time_days = 21
    units = 2


class MajorEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MajorEvent

    name = "UCLA football home game"
    start_date = factory.Faker("date_this_year")
    end_date = factory.LazyAttribute(lambda event: event.start_date)
