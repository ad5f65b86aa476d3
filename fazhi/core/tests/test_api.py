"""The REST API: token and session authentication, scoping, and offline docs."""

from rest_framework.test import APIClient

from fazhi.conftest import PASSWORD


def test_it_issues_a_token_and_answers_with_it(users):
    client = APIClient()
    # when
    response = client.post("/api/v1/auth/token/", {"username": "grid_a", "password": PASSWORD}, format="json")
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    regions = client.get("/api/v1/regions/").json()["results"]
    # then: a grid worker's token sees their own grid and nothing else
    assert [r["name"] for r in regions] == ["歇马村第1网格"]


def test_it_refuses_anonymous_requests(db):
    assert APIClient().get("/api/v1/regions/").status_code in (401, 403)


def test_it_scopes_regions_to_the_users_subtrees(users):
    client = APIClient()
    client.force_authenticate(users.cadre)
    names = {r["name"] for r in client.get("/api/v1/regions/").json()["results"]}
    assert names == {"歇马村", "歇马村第1网格", "歇马村第2网格"}
    client.force_authenticate(users.sysadmin)
    assert client.get("/api/v1/regions/").json()["results"] == []


def test_it_serves_the_openapi_schema_and_docs_without_the_internet(users, client):
    client.force_login(users.leader)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/regions/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    # the Swagger UI comes from the local static files (drf-spectacular-sidecar), not a CDN
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def test_it_refuses_a_token_to_an_account_that_signs_in_with_a_second_factor(users, settings):
    # given: two-factor login is required for the system administrators
    settings.FAZHI_2FA_REQUIRED = True
    # when
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "sysadmin", "password": PASSWORD}, format="json"
    )
    # then
    assert response.status_code == 403
    assert "双因素认证" in response.json()["detail"]


def test_it_refuses_a_token_whose_account_must_change_its_password(users):
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "grid_a", "password": PASSWORD}, format="json"
    ).json()["token"]
    # given: the sysadmin reset the grid worker's password since
    users.grid_a.must_change_password = True
    users.grid_a.save()
    # when
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/regions/")
    # then
    assert response.status_code in (401, 403)
    assert "密码" in response.json()["detail"]
