"""The grid area's tabs offer only what the user may do."""


def test_the_report_tab_shows_only_to_who_may_report(login, users):
    # a grid worker sees 上报事件 in the grid tabs; the town leader, who reads events, does not
    assert "/grid/events/report/" in login(users.grid_a).get("/grid/events/").content.decode()
    assert "/grid/events/report/" not in login(users.leader).get("/grid/events/").content.decode()
