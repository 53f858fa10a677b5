from django.urls import path

from dahui.elections.views import documents, manage, minutes, paper, poll, rehearsal, results

app_name = "elections"
urlpatterns = [
    path("c/<id:congress_id>/votes/", manage.votes, name="votes"),
    path("c/<id:congress_id>/votes/motion/", manage.new_motion, name="new-motion"),
    path("c/<id:congress_id>/votes/election/", manage.new_election, name="new-election"),
    path("c/<id:congress_id>/s/<id:session_id>/minutes/", minutes.minutes, name="minutes"),
    path("elections/<id:election_id>/", manage.election_page, name="election"),
    path("elections/<id:election_id>/announcement.pdf", documents.announcement,
         name="announcement"),
    path("elections/<id:election_id>/count-report.pdf", documents.count_report,
         name="count-report"),
    path("elections/<id:election_id>/counts.xlsx", documents.counts_xlsx, name="counts-xlsx"),
    path("polls/<id:poll_id>/", poll.poll_page, name="poll"),
    path("polls/<id:poll_id>/do/", poll.poll_action, name="poll-action"),
    path("polls/<id:poll_id>/delete-rehearsal/", rehearsal.delete, name="delete-rehearsal"),
    path("polls/<id:poll_id>/result/", results.result_page, name="result"),
    path("polls/<id:poll_id>/board/", results.bulletin_board_page, name="board"),
    path("polls/<id:poll_id>/paper/", paper.paper_count, name="paper"),
    path("polls/<id:poll_id>/ballots.pdf", documents.ballot_papers, name="ballot-papers"),
    path("polls/<id:poll_id>/record/election.json", results.record_election,
         name="record-election"),
    path("polls/<id:poll_id>/record/ballots.jsonl", results.record_ballots,
         name="record-ballots"),
    path("polls/<id:poll_id>/record/audit-head.json", results.record_audit_head,
         name="record-audit-head"),
    path("polls/<id:poll_id>/record/result.json", results.record_result,
         name="record-result"),
    path("screen/<id:congress_id>/<str:token>/results/", results.screen_results,
         name="screen-results"),
    path("screen/<id:congress_id>/<str:token>/results/partial/",
         results.screen_results_partial, name="screen-results-partial"),
    path("screen/<id:congress_id>/<str:token>/results.json", results.screen_results_json,
         name="screen-results-json"),
]
