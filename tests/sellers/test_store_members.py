"""Store members: only active accounts join, and a store always keeps an owner, even under concurrent removals."""

import threading
import time

import pytest
from django.db import connection

from tests.factories import StoreFactory, StoreMemberFactory, UserFactory
from xborder.core.errors import DomainError
from xborder.sellers import services
from xborder.sellers.models import StoreMember, StoreRole


@pytest.mark.django_db
def test_a_deactivated_account_cannot_be_added_to_a_store():
    store, user = StoreFactory(), UserFactory(is_active=False)

    with pytest.raises(DomainError) as refused:
        services.add_store_member(store=store, email=user.email, role=StoreRole.STAFF)

    assert (refused.value.code, refused.value.fields) == ("user_inactive", {"email": "inactive"})
    assert not StoreMember.objects.filter(store=store).exists()


@pytest.mark.django_db
def test_one_of_two_owners_can_be_removed():
    store = StoreFactory()
    StoreMemberFactory(store=store, role=StoreRole.OWNER)
    leaving = StoreMemberFactory(store=store, role=StoreRole.OWNER)

    services.remove_store_member(store=store, member_id=leaving.pk)

    assert list(store.members.values_list("role", flat=True)) == [StoreRole.OWNER]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_owners_removed_at_once_leave_one_owner(monkeypatch):
    delete = StoreMember.delete
    # Each removal dawdles between counting the owners and deleting, so without a lock both would count two.
    monkeypatch.setattr(StoreMember, "delete", lambda member: (time.sleep(0.3), delete(member))[1])
    store = StoreFactory()
    owners = [StoreMemberFactory(store=store, role=StoreRole.OWNER) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def remove(member_id: int) -> None:
        try:
            barrier.wait()
            services.remove_store_member(store=store, member_id=member_id)
            outcomes.append("removed")
        except DomainError as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=(owner.pk,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["last_owner", "removed"]
    assert store.members.filter(role=StoreRole.OWNER).count() == 1
