"""PAL's part of the data set: terms, advisors, 600 members with a GPA per grading period."""

from bench.dataset import Context, Missing, model


def build_members(context: Context) -> None:
    model("pal.Member")
    raise Missing("the PAL models have not landed yet (issue 7)")
