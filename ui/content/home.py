"""The home page's content as data, in the lecture's words: its opening (the course, how far deep learning has
come, what it is, how the course works), then why deep learning and why now.

Plain Python: no torch and no streamlit, so the home page never waits for `import torch` and a unit test can
check every fact. No figure here that the lecture's opening leaves unclear: no cost, no audience size, no count
of the years the course has run.
"""

# The course ------------------------------------------------------------------------------------------------
COURSE = "MIT Introduction to Deep Learning"
COURSE_NUMBER = "6.S191"
INSTRUCTORS = ("Alexander Amini", "Ava Amini")
COURSE_INTRO = (f"**{COURSE}** ({COURSE_NUMBER}), taught by {INSTRUCTORS[0]} and {INSTRUCTORS[1]}, is a "
                "**one-week boot camp** on everything deep learning: a lot of material in five days. Lecture 1, "
                f"*Introduction to Deep Learning*, given by {INSTRUCTORS[0]}, lays the foundations.")

# How far deep learning has come: the progress the lecture opens with ----------------------------------------
FACES = (  # generated faces, from the lecture's first slides
    ("A decade ago", "A generated face",
     "The state of the art in deep-learning face generation: a face of no real person, the best anyone could do."),
    ("A few years later", "Photorealism",
     "Generated faces had become photorealistic: images that look like photographs."),
    ("A few years after that", "Video",
     "The images came to life: generated video, faces with movement from frame to frame."),
)
VIDEO_2020 = ("In **2020** the course opened with a video made by deep learning: a speaker, not one of the "
              "instructors, welcoming the class to MIT 6.S191. That two-minute clip took about two hours of "
              "professional audio of the speaker, about 50 hours of high-definition video to build the face model, "
              "and a great deal of compute. And it could only say what was written for it: you could not talk to it.")
LIVE_2025 = ("In **2025** the lecture does it live. A program listens to the lecturer while he talks, clones his "
             "voice at once, and then holds an unscripted, unedited conversation with him in that voice: it "
             "explains what deep learning is, makes up a wild story about a turtle when asked, and can be "
             "interrupted.")
THEN_AND_NOW = (  # (year, in a word, what that means)
    ("2020", "Static and expensive", "A fixed script, hours of recorded data and a lot of compute."),
    ("2025", "Dynamic and cheap", "A live conversation, from a voice cloned in the moment."),
)
PROGRESS_POINT = ("Behind all of that progress are the fundamental techniques this course teaches, starting "
                  "with this lecture.")

# The lecture's definitions, outermost set first: each is a subset of the one before.
DEFINITIONS = (
    ("Intelligence", "the ability to process information in order to inform some future decision or action."),
    ("Artificial intelligence",
     "building artificial algorithms that do exactly that: use information, use data, to inform future decisions."),
    ("Machine learning",
     "a subset of AI: instead of explicitly programming how to use the data, learn patterns within the data."),
    ("Deep learning", "a subset of machine learning: doing that exact process with deep neural networks."),
)
CORE_IDEA = "teach computers how to learn tasks directly from observation, directly from data."

# How the course works: lectures, labs, a project ---------------------------------------------------------
COURSE_PARTS = (  # (what, how)
    ("Technical lectures", "One a day, from these foundations to the modern side of deep learning, then guest "
     "lectures from industry on the state of the art."),
    ("Software labs", "Labs that mirror the lectures, in both **TensorFlow** and **PyTorch**: a small language "
     "model that generates music (folk songs), a face detection system built from scratch with techniques that "
     "fix imbalanced data, and fine-tuning a large language model with an AI judge to "
     "evaluate it."),
    ("Final project", "On the last day, groups pitch their project in a short, shark-tank style pitch "
     "competition."),
)
NNLAB_SCOPE = ("nnlab follows Lecture 1 alone, in PyTorch: the numbers on its pages are computed by PyTorch "
               "as you move the controls.")

# Traditional machine learning hand-engineers features; deep learning learns the same hierarchy.
HAND_ENGINEERED = ("Traditional machine learning defines features by hand, as step-by-step rules. "
                   "Hand-engineered features are time-consuming, brittle and not scalable.")
FEATURES = (  # the face example, from simple to composite
    ("Low-level features", "Lines and edges", "Simple lines, composed into curves."),
    ("Mid-level features", "Eyes, nose and ears", "Curves combined into composite parts."),
    ("High-level features", "Facial structure", "Parts assembled into a whole face."),
)
LEARNED = ("The key idea of deep learning: after observing a lot of faces, **learn** this hierarchy "
           "of features directly from data, instead of someone writing it down.")

# The slide's timeline: almost everything in this lecture was invented decades ago.
TIMELINE = (
    (1952, "Stochastic Gradient Descent"),
    (1958, "Perceptron"),
    (1986, "Backpropagation"),
    (1995, "Deep Convolutional NN"),
)
TIMELINE_NOTES = {  # the slide's gloss, where it gives one
    1958: "learnable weights",
    1986: "multi-layer perceptron",
    1995: "digit recognition",
}

# Why now: three enablers turned decades-old ideas into today's progress.
ENABLERS = (
    ("Big Data", ":material/database:",
     "Larger datasets, easier collection and storage: data is more and more plentiful."),
    ("Hardware", ":material/memory:",
     "Graphics processing units (GPUs), massively parallelisable, and now commoditised."),
    ("Software", ":material/code_blocks:",
     "Open-source toolboxes such as TensorFlow, PyTorch and Keras make building networks streamlined."),
)

HOW_TO = (
    "**Pick a page** from the map above or the sidebar; they follow the lecture's order, and each teaches on its own.",
    "**Move a control**: PyTorch computes the page again, and its formulas, numbers and charts follow.",
    "**Lecture example**, on the pages that have one, sets the controls to the lecture's numbers; "
    "**Reset to defaults** starts over.",
    "**Share a link**: every control's setting is in the address bar, so the link reopens the page with the same "
    "settings.",
    "**PyTorch code** shows a script for the current settings: run it with only torch for the same numbers.",
    "**Notation** in the sidebar of every page lists the lecture's symbols.",
)
