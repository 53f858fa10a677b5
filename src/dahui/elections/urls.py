from django.urls import path

from dahui.elections.views import documents, manage, minutes, paper, poll, rehearsal, results

app_name = "elections"
urlpatterns = [
    path("c/<int:congress_id>/votes/", manage.votes, name="votes"),
    path("c/<int:congress_id>/votes/motion/", manage.new_motion, name="new-motion"),
    path("c/<int:congress_id>/votes/election/", manage.new_election, name="new-election"),
    path("c/<int:congress_id>/s/<int:session_id>/minutes/", minutes.minutes, name="minutes"),
    path("elections/<int:election_id>/", manage.election_page, name="election"),
    path("elections/<int:election_id>/announcement.pdf", documents.announcement,
         name="announcement"),
    path("elections/<int:election_id>/count-report.pdf", documents.count_report,
         name="count-report"),
    path("elections/<int:election_id>/counts.xlsx", documents.counts_xlsx, name="counts-xlsx"),
    path("polls/<int:poll_id>/", poll.poll_page, name="poll"),
    path("polls/<int:poll_id>/do/", poll.poll_action, name="poll-action"),
    path("polls/<int:poll_id>/delete-rehearsal/", rehearsal.delete, name="delete-rehearsal"),
    path("polls/<int:poll_id>/result/", results.result_page, name="result"),
    path("polls/<int:poll_id>/board/", results.bulletin_board_page, name="board"),
    path("polls/<int:poll_id>/paper/", paper.paper_count, name="paper"),
    path("polls/<int:poll_id>/ballots.pdf", documents.ballot_papers, name="ballot-papers"),
    path("polls/<int:poll_id>/record/election.json", results.record_election,
         name="record-election"),
    path("polls/<int:poll_id>/record/ballots.jsonl", results.record_ballots,
         name="record-ballots"),
    path("polls/<int:poll_id>/record/audit-head.json", results.record_audit_head,
         name="record-audit-head"),
    path("polls/<int:poll_id>/record/result.json", results.record_result,
         name="record-result"),
    path("screen/<int:congress_id>/<str:token>/results/", results.screen_results,
         name="screen-results"),
    path("screen/<int:congress_id>/<str:token>/results/partial/",
         results.screen_results_partial, name="screen-results-partial"),
    path("screen/<int:congress_id>/<str:token>/results.json", results.screen_results_json,
         name="screen-results-json"),
]
