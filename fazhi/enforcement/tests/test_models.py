import datetime as dt

from fazhi.enforcement.models import Certificate, RectificationOrder


def test_it_knows_on_which_days_a_certificate_lets_an_officer_act(enf):
    # given a certificate valid 2016-01-01 … 2021-06-30
    cert = enf.expired.certificates.get()
    # then
    assert cert.is_valid_on(dt.date(2021, 6, 30))
    assert not cert.is_valid_on(dt.date(2021, 7, 1))
    assert enf.expired.certificate_on(dt.date(2021, 9, 1)) is None


def test_it_treats_a_revoked_certificate_as_invalid_from_the_revocation_on(enf):
    cert = enf.li.certificates.get()
    cert.status = Certificate.Status.REVOKED
    cert.status_changed_on = dt.date(2021, 5, 1)
    cert.save()
    assert cert.is_valid_on(dt.date(2021, 4, 30))
    assert not cert.is_valid_on(dt.date(2021, 5, 1))


def test_it_numbers_rectification_orders_per_body_and_year(enf, users):
    # when
    first = RectificationOrder.objects.create(
        body=enf.body,
        region=enf.citizen.region,
        party=enf.citizen,
        issued_on=dt.date(2021, 3, 1),
        deadline=dt.date(2021, 3, 15),
        requirement="拆除违章搭建",
    )
    second = RectificationOrder.objects.create(
        body=enf.body,
        region=enf.citizen.region,
        party=enf.citizen,
        issued_on=dt.date(2021, 4, 1),
        deadline=dt.date(2021, 4, 15),
        requirement="恢复原状",
    )
    # then
    assert (first.number, second.number) == ("石鼓执罚改〔2021〕1号", "石鼓执罚改〔2021〕2号")


def test_it_warns_of_certificates_expiring_within_thirty_days(enf, users):
    from fazhi.enforcement.models import expiring_certificates

    # given today is 2021-06-05: 刘过期's certificate runs out on 2021-06-30
    shown = [c.officer.name for c in expiring_certificates(users.officer, today=dt.date(2021, 6, 5))]
    assert shown == ["刘过期"]
    assert list(expiring_certificates(users.officer, today=dt.date(2021, 5, 1))) == []
    assert list(expiring_certificates(users.other_officer, today=dt.date(2021, 6, 5))) == []
