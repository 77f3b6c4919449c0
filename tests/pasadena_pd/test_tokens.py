from pasadena_pd.log_filters import redact
from pasadena_pd.security.logging import redact as redact_personal_data
from pasadena_pd.tokens import TOKEN_LENGTH, new_token


def test_new_tokens_are_unique_and_of_the_length_the_redaction_assumes():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert {len(token) for token in tokens} == {TOKEN_LENGTH}


def test_a_new_token_in_any_path_never_reaches_a_log_line():
    token = new_token()
    while token.lower() == token:  # the access-log filter keys on a capital (slugs have none)
        token = new_token()
    assert token not in redact(f"GET /somewhere/new/{token}/ HTTP/1.1")
    assert token not in redact_personal_data(f"opened /somewhere/new/{token}/")
