// Self-check questions and "changed since your last visit" (scripts/notekit/notes/questions.py, scripts/notekit/index/page.py).
//
// - A link to #q-<id> opens that question (a <details>) and brings it into view: on load, after
//   Material's instant navigation (document$), and when the address's #fragment changes. Without
//   this script a question is still a <details> the reader opens.
// - Printing opens every answer, and closes again the ones that were closed.
// - Each note's page carries the date of its newest `changes:` entry and their number. This
//   browser remembers, per note, what the reader last saw and when (localStorage: no cookie,
//   nothing is sent anywhere); when the note has changed since, the hidden marker under the title
//   says so, with a link to the note's history. "Forget my visits" deletes what was remembered.
;(function () {
  const KEY = "notekit.visits"

  function readVisits() {
    try {
      const visits = JSON.parse(localStorage.getItem(KEY) || "{}")
      return visits && typeof visits === "object" ? visits : {}
    } catch (error) {
      return {} // storage blocked, or a value that is not ours
    }
  }

  function writeVisits(visits) {
    try {
      localStorage.setItem(KEY, JSON.stringify(visits))
    } catch (error) {
      // storage blocked or full: the page works without it
    }
  }

  function today() {
    const now = new Date()
    const pad = n => String(n).padStart(2, "0")
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
  }

  function human(day) {
    const [year, month, date] = day.split("-").map(Number)
    return new Date(year, month - 1, date).toLocaleDateString("en-US", {
      year: "numeric", month: "long", day: "numeric",
    })
  }

  function openQuestion() {
    let id = ""
    try {
      id = decodeURIComponent(location.hash.slice(1))
    } catch (error) {
      return
    }
    if (!id.startsWith("q-")) return
    const question = document.getElementById(id)
    if (!question || question.tagName !== "DETAILS") return
    question.open = true
    question.scrollIntoView({ block: "start" })
  }

  function showChanges() {
    const marker = document.querySelector(".note-changed[data-note]")
    if (!marker) return
    const note = marker.dataset.note
    const latest = marker.dataset.latest || ""
    const count = Number(marker.dataset.count || 0)
    const visits = readVisits()
    const last = visits[note]
    if (last && typeof last.visited === "string" && (latest > (last.seen || "") || count > (last.count || 0))) {
      const time = document.createElement("time")
      time.dateTime = last.visited
      time.textContent = human(last.visited)
      marker.querySelector(".note-last-visit").replaceChildren(time)
      marker.hidden = false
    }
    visits[note] = { visited: today(), seen: latest, count: count }
    writeVisits(visits)
    document.querySelectorAll(".note-visits").forEach(element => { element.hidden = false })
  }

  function setUp() {
    openQuestion()
    showChanges()
  }

  document.addEventListener("click", event => {
    const button = event.target.closest ? event.target.closest(".note-forget") : null
    if (!button) return
    try {
      localStorage.removeItem(KEY)
    } catch (error) {
      // nothing was stored
    }
    document.querySelectorAll(".note-changed").forEach(element => { element.hidden = true })
    document.querySelectorAll(".note-forget").forEach(element => {
      element.textContent = "Visits forgotten"
      element.disabled = true
    })
  })

  window.addEventListener("hashchange", openQuestion)

  // Printing shows every answer; the ones the reader had closed close again afterwards.
  let closedForPrint = []
  window.addEventListener("beforeprint", () => {
    closedForPrint = [...document.querySelectorAll("details.note-question:not([open])")]
    closedForPrint.forEach(question => { question.open = true })
  })
  window.addEventListener("afterprint", () => {
    closedForPrint.forEach(question => { question.open = false })
    closedForPrint = []
  })

  // Material announces every page, the first and each one instant navigation brings, on document$.
  if (typeof document$ !== "undefined") document$.subscribe(setUp)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp)
  else setUp()
})()
