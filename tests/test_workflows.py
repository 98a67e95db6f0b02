"""The GitHub Actions workflows and issue forms: well-formed, pinned, least privilege, and wired to
the same commands the README gives contributors.

GitHub runs these files only after they are merged, so a mistake would otherwise show up as a
broken main branch or a site that silently stopped deploying.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
NAMES = ("ci.yml", "pages.yml", "links.yml", "lock.yml")
# owner/repo[/path]@vN, @vN.N or @vN.N.N: a release tag, never a branch such as @main.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@v\d+(?:\.\d+){0,2}$")
# What each workflow may write, and nothing more.
WRITE_SCOPES = {
    "ci.yml": set(),
    "pages.yml": {"pages", "id-token"},
    "links.yml": {"issues"},
    "lock.yml": {"contents", "pull-requests"},
}


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def runs(workflow: dict) -> list[str]:
    return [" ".join(s["run"].split()) for s in steps(workflow) if "run" in s]


@pytest.fixture(scope="module", params=NAMES)
def workflow(request) -> tuple[str, dict]:
    return request.param, load(request.param)


def test_every_action_is_pinned_to_a_release_tag(workflow):
    name, data = workflow
    refs = [s["uses"] for s in steps(data) if "uses" in s]
    refs += [job["uses"] for job in data["jobs"].values() if "uses" in job]
    assert refs, f"{name}: uses no action"
    for ref in refs:
        assert ref.startswith("./") or PINNED.match(ref), f"{name}: '{ref}' is not pinned to a @vN tag"


def test_permissions_are_explicit_and_writes_are_per_job(workflow):
    name, data = workflow
    assert "permissions" in data, f"{name}: no top-level permissions (the default token may write)"
    top = data["permissions"] or {}
    assert isinstance(top, dict), f"{name}: permissions must be a mapping, not {top!r}"
    assert all(v != "write" for v in top.values()), f"{name}: write access granted to every job"
    for job_name, job in data["jobs"].items():
        granted = job.get("permissions", top) or {}
        for scope, level in granted.items():
            if level == "write":
                assert scope in WRITE_SCOPES[name], f"{name}: job {job_name} may write {scope}"


def test_every_job_has_a_timeout(workflow):
    name, data = workflow
    for job_name, job in data["jobs"].items():
        assert "timeout-minutes" in job, f"{name}: job {job_name} could hang for six hours"


def test_concurrency_is_set(workflow):
    name, data = workflow
    assert data.get("concurrency", {}).get("group"), f"{name}: no concurrency group"


def test_checkout_leaves_no_token_behind(workflow):
    name, data = workflow
    for step in uses(data, "actions/checkout"):
        assert step.get("with", {}).get("persist-credentials") is False, name


def test_ci_runs_the_readme_commands_on_every_pull_request():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    (checkout,) = uses(ci, "actions/checkout")
    # Page dates come from git history; the tests and the strict build should see what a
    # contributor's clone sees, not a one-commit shallow clone.
    assert checkout["with"]["fetch-depth"] == 0
    assert ci["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in ci["concurrency"]["group"]
    assert ci["permissions"] == {"contents": "read"}
    (setup,) = uses(ci, "actions/setup-python")
    assert str(setup["with"]["python-version"]) in ("3.11", "3.12")
    commands = runs(ci)
    for command in (
        "python3 scripts/dev.py test",
        "python3 scripts/dev.py notes-index --check",
        "python3 scripts/dev.py mkdocs build --strict",
        # The fast tier on macOS, and on Windows with the README's `py`.
        "python3 scripts/dev.py test --fast",
        "py scripts/dev.py test --fast",
    ):
        assert command in commands, f"ci.yml does not run `{command}`"
    (job,) = ci["jobs"].values()
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    by_run = {" ".join(s["run"].split()): s.get("if", "") for s in job["steps"] if "run" in s}
    assert "Linux" in by_run["python3 scripts/dev.py test"], "the browser tier runs on Linux only"
    assert "Windows" in by_run["py scripts/dev.py test --fast"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py test" in readme, "CI and README no longer agree on the test command"


def test_pages_builds_with_full_history_and_deploys_from_its_own_job():
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in pages["on"]
    assert "pull_request" not in pages["on"]
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    (checkout,) = uses(pages, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "dates from git need the full history"
    (build_step,) = [
        s for s in build["steps"] if s.get("run") == "python3 scripts/dev.py mkdocs build --strict"
    ]
    # The address Pages reports (a custom domain included), not one built from the repository name.
    (configure,) = uses(pages, "actions/configure-pages")
    assert build_step["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    # Lean: the site's own packages and Playwright (to draw diagrams and print the book), pinned;
    # every step that runs dev.py asks for the same extras, so none reinstalls the test tools.
    assert build_step["env"]["DEV_EXTRAS"] == "render"
    for step in build["steps"]:
        if "scripts/dev.py" in step.get("run", ""):
            assert step["env"]["DEV_EXTRAS"] == "render", step["name"]
            assert step["env"]["CHROME_PATH"] == "/usr/bin/google-chrome", step["name"]
    names = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert names.index("actions/configure-pages") < names.index("actions/upload-pages-artifact")
    (upload,) = uses(pages, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert "write" not in (build.get("permissions") or {}).values(), (
        "the build job must not hold write access"
    )
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_pages_keeps_the_render_cache_between_deploys():
    steps = load("pages.yml")["jobs"]["build"]["steps"]
    names = [step.get("name", "") for step in steps]
    restore = steps[names.index("Restore the render cache")]
    save = steps[names.index("Save the render cache")]
    build = names.index("Strict site build")
    assert names.index("Restore the render cache") < build < names.index("Save the render cache")
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith(
        "actions/cache/save@"
    )
    assert restore["with"]["path"] == save["with"]["path"] == ".cache/render"
    # Saved under a key that changes when the cache does, restored by its prefix.
    assert save["with"]["key"] == "render-${{ hashFiles('.cache/render/**') }}"
    assert restore["with"]["restore-keys"] == "render-"


def test_site_url_is_read_from_the_environment():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[SITE_URL,", config, re.M), "pages.yml sets SITE_URL for nothing"


def test_link_check_is_scheduled_and_never_blocks_a_pull_request():
    links = load("links.yml")
    assert set(links["on"]) == {"schedule", "workflow_dispatch"}
    assert links["on"]["schedule"][0]["cron"]
    (lychee,) = uses(links, "lycheeverse/lychee-action")
    assert "'docs/**/*.md'" in lychee["with"]["args"]
    assert lychee["with"]["fail"] is False, "the workflow reports first, then fails"
    (job,) = links["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}


def test_link_check_reports_stale_reviews_without_failing():
    links = load("links.yml")
    (step,) = [s for s in steps(links) if "notes-reviews" in s.get("run", "")]
    assert "python3 scripts/dev.py notes-reviews --months 6" in step["run"]
    assert "|| true" in step["run"] and "continue-on-error" not in step  # never fails, by itself
    assert step["env"]["DEV_EXTRAS"] == "", "the report needs the site's packages only"


def test_lock_refreshes_the_pins_monthly_in_a_pull_request():
    lock = load("lock.yml")
    assert set(lock["on"]) == {"schedule", "workflow_dispatch"}
    minute, hour, day, month, weekday = lock["on"]["schedule"][0]["cron"].split()
    assert day.isdigit() and (month, weekday) == ("*", "*"), "once a month"
    commands = runs(lock)
    assert commands.index("python3 scripts/dev.py lock") < commands.index(
        "python3 scripts/dev.py test --fast"
    )
    (pr,) = uses(lock, "peter-evans/create-pull-request")
    assert pr["with"]["add-paths"] == "constraints.txt"


# GitHub's own schemas for these files, as vendored by check-jsonschema (no network needed): they
# catch a misspelt key or a wrong type that GitHub would only report after the merge.
SCHEMAS = [
    ("vendor.github-workflows", [WORKFLOWS / name for name in NAMES]),
    ("vendor.github-issue-forms", [FORMS / "correction.yml", FORMS / "new-topic.yml"]),
    ("vendor.github-issue-config", [FORMS / "config.yml"]),
]


@pytest.mark.parametrize(("schema", "files"), SCHEMAS, ids=[s for s, _ in SCHEMAS])
def test_files_match_githubs_schema(schema, files):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("form", ["correction.yml", "new-topic.yml"])
def test_issue_forms_are_well_formed(form):
    data = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    assert data["name"] and data["description"]
    fields = [item for item in data["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert fields and len(ids) == len(set(ids)), f"{form}: every field needs a unique id"
    for item in fields:
        assert item["type"] in ("input", "textarea", "dropdown", "checkboxes"), item
        assert item["attributes"]["label"], item
        if item["type"] in ("dropdown", "checkboxes"):
            assert item["attributes"]["options"], item


def test_issue_chooser_config():
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://") and link["name"] and link["about"]
