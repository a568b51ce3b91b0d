;;; try.el --- drive Emacs in batch mode for editors/try-emacs.sh  -*- lexical-binding: t -*-

;; Emacs was started with editors/emacs/init.el; this visits the file to
;; try (LEAKVET_TRY_FILE), waits for gopls, prints the diagnostics Flymake
;; holds for it, the code actions offered at the first one, applies the
;; quick fix as C-u M-x eglot-code-actions RET quickfix does, and prints
;; the diagnostics again. The report goes to LEAKVET_TRY_OUT; the file on disk
;; is never written. Every wait is a bounded number of polls.

(require 'cl-lib)

(defvar try-lines nil)
(defun try-say (fmt &rest args)
  (push (apply #'format fmt args) try-lines))

(defconst try-poll-seconds 0.1)
(defconst try-max-polls 1200)

(defun try-poll (what cond)
  "Call COND until it returns non-nil, at most `try-max-polls' times."
  (let ((n 0) (v nil))
    (while (and (not (setq v (funcall cond))) (< n try-max-polls))
      (accept-process-output nil try-poll-seconds)
      (setq n (1+ n)))
    (or v (error "gave up after %d polls: %s" try-max-polls what))))

(defvar try-dir default-directory
  "The directory Emacs started in: paths are printed relative to it.")

(defun try-rel (path)
  (file-relative-name path try-dir))

(defun try-diagnose (server)
  "Make gopls finish diagnosing the buffer, then let Flymake collect it."
  ;; eglot sends buffer changes from an idle timer, and idle timers do not
  ;; run in batch mode: send them now.
  (eglot--signal-textDocument/didChange)
  (jsonrpc-request server :workspace/executeCommand
                   `(:command "gopls.diagnose_files"
                     :arguments [(:Files [,(eglot--path-to-uri buffer-file-name)])])
                   :timeout (* try-max-polls try-poll-seconds))
  (accept-process-output nil try-poll-seconds)
  (flymake-start)
  (try-poll "eglot's Flymake backend to report"
            (lambda () (memq 'eglot-flymake-backend (flymake-reporting-backends)))))

(defun try-diagnostics ()
  "Print the buffer's Flymake diagnostics; return them, sorted."
  (let ((ds (sort (flymake-diagnostics)
                  (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
    (dolist (d ds)
      (let* ((beg (flymake-diagnostic-beg d))
             (line (line-number-at-pos beg t))
             (col (1+ (save-excursion (goto-char beg) (- (point) (line-beginning-position)))))
             (lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
        ;; Flymake's text is eglot's "source: message".
        (try-say "%s:%d:%d: %s" (try-rel buffer-file-name) line col (flymake-diagnostic-text d))
        (cl-loop for r across (or (plist-get lsp :relatedInformation) [])
                 do (let* ((loc (plist-get r :location))
                           (start (plist-get (plist-get loc :range) :start)))
                      (try-say "\t%s:%d:%d: %s (not shown by eglot)"
                               (try-rel (eglot--uri-to-path (plist-get loc :uri)))
                               (1+ (plist-get start :line)) (1+ (plist-get start :character))
                               (plist-get r :message))))))
    (unless ds (try-say "(none)"))
    ds))

(defun try-main ()
  (let* ((file (getenv "LEAKVET_TRY_FILE"))
         (buf (find-file-noselect file)))
    (set-buffer buf)
    (unless (derived-mode-p 'go-mode)
      (error "%s is not in go-mode (%s)" file major-mode))
    ;; eglot-ensure connects after the next command; in batch mode, no
    ;; command runs: run the hook it waits on.
    (run-hooks 'post-command-hook)
    (let ((server (try-poll "eglot to connect to gopls" #'eglot-current-server)))
      (try-poll "gopls to answer initialize" (lambda () (eglot--capabilities server)))
      (try-diagnose server)
      (try-say "# Emacs %s, %s, %s" emacs-version
               ;; The package's directory: eglot-1.9 for Debian's elpa-eglot.
               (file-name-nondirectory (directory-file-name (file-name-directory (locate-library "eglot"))))
               (string-trim (shell-command-to-string
                             (concat (shell-quote-argument (car (process-command (jsonrpc--process server))))
                                     " version"))))
      (try-say "# diagnostics")
      (let ((ds (try-diagnostics)))
        (when ds
          (let* ((first (car ds))
                 (beg (flymake-diagnostic-beg first))
                 (end (flymake-diagnostic-end first))
                 (actions (eglot-code-actions beg end)))
            (try-say "# code actions at %s:%d:%d" (try-rel buffer-file-name)
                     (line-number-at-pos beg t)
                     (1+ (save-excursion (goto-char beg) (- (point) (line-beginning-position)))))
            (dolist (a actions)
              (try-say "%s: %s" (or (plist-get a :kind) "command") (plist-get a :title)))
            (let ((fix (cl-find "quickfix" actions :key (lambda (a) (plist-get a :kind)) :test #'equal))
                  (before (buffer-string)))
              (if (not fix)
                  (try-say "(no quick fix)")
                ;; C-u M-x eglot-code-actions RET quickfix RET, with point on
                ;; the diagnostic: with one quick fix, eglot applies it
                ;; without asking. (eglot 1.9's eglot-code-action-quickfix
                ;; only lists the actions: it does not pass INTERACTIVE.)
                (goto-char beg)
                (eglot-code-actions beg end "quickfix" t)
                (try-poll "the quick fix to edit the buffer"
                          (lambda () (not (string= before (buffer-string)))))
                (try-say "# after the quick fix %S (buffer only; the file is not written)"
                         (plist-get fix :title))
                (let ((old (split-string before "\n"))
                      (new (split-string (buffer-string) "\n")))
                  (cl-loop for i from 1 to (max (length old) (length new))
                           unless (equal (nth (1- i) old) (nth (1- i) new))
                           do (try-say "%s:%d: %s" (try-rel buffer-file-name) i
                                       (or (nth (1- i) new) "(deleted)"))))
                (try-diagnose server)
                (try-say "# diagnostics after the fix")
                (try-diagnostics))))))
      (set-buffer-modified-p nil)
      (eglot-shutdown server))))

(let ((ok t))
  (condition-case err
      (try-main)
    (error (setq ok nil)
           (try-say "try.el: %s" (error-message-string err))))
  (with-temp-file (getenv "LEAKVET_TRY_OUT")
    (insert (mapconcat #'identity (reverse try-lines) "\n") "\n"))
  (kill-emacs (if ok 0 1)))

;;; try.el ends here
