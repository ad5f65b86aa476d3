"""Simplified Chinese by default, whatever the browser asks for; English when chosen."""


def test_it_speaks_chinese_to_an_english_browser(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page and "Sign in" not in page


def test_it_speaks_english_when_the_user_chose_it(client, db):
    # when: the language switcher posts to Django's set_language view
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    # then
    assert "Sign in" in page
